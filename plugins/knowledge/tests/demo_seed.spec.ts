import { test } from '@japa/runner'
import { seedDemoTwiceAndLogIn } from '#tests/helpers/demo'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'

test.group('Knowledge: demo seed', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('the demo handbook is processed, searchable and answers with citations', async ({
    client,
    assert,
  }) => {
    const token = await seedDemoTwiceAndLogIn(client)

    const buckets = await client.get('/v1/knowledge/buckets').bearerToken(token)
    buckets.assertStatus(200)
    const handbook = buckets.body().data.filter((b: any) => b.name === 'Marketing handbook')
    assert.lengthOf(handbook, 1, 'seeded once')

    const documents = await waitFor(async () => {
      const response = await client
        .get('/v1/knowledge/documents')
        .qs({ bucket_id: handbook[0].id })
        .bearerToken(token)
      const data = response.body().data
      return data.length === 3 && data.every((d: any) => d.status === 'ready') ? data : null
    }, 60_000)
    assert.sameMembers(
      documents.map((d: any) => d.title),
      ['Brand voice guide', 'Pricing and plans FAQ', 'Campaign launch checklist']
    )

    // The (local, extractive) summary quotes the document, not the summarising instruction.
    const listed = documents.find((d: any) => d.title === 'Pricing and plans FAQ')
    const pricing = (
      await client
        .get(`/v1/knowledge/documents/${listed.id}`)
        .qs({ include_content: true })
        .bearerToken(token)
    ).body()
    assert.notMatch(pricing.summary, /summari[sz]e/i)
    const firstSentence = /^Summary: (.+?[.!?])\s/.exec(pricing.summary)?.[1]
    assert.isString(firstSentence, pricing.summary)
    assert.include(pricing.content.replace(/\s+/g, ' '), String(firstSentence))

    const search = await client
      .post('/v1/knowledge/search')
      .bearerToken(token)
      .json({ query: 'how much cheaper is paying once a year?', bucket_ids: [handbook[0].id] })
    search.assertStatus(200)
    assert.equal(search.body().data[0].document_title, 'Pricing and plans FAQ')

    const answer = await client
      .post('/v1/knowledge/answer')
      .bearerToken(token)
      .json({ question: 'When should a campaign variant be paused?' })
    answer.assertStatus(200)
    assert.include(answer.body().answer, 'cost per lead is twice the campaign average')
    assert.isAbove(answer.body().citations.length, 0)
    assert.equal(answer.body().citations[0].document_title, 'Campaign launch checklist')
  }).timeout(120_000)
})
