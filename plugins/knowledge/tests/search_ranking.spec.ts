import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { insertBucket, insertDocumentWithChunks } from './helpers.js'

/** A billing help centre: one answer and its neighbours on related topics. */
const BILLING = [
  'Upgrading a subscription from monthly to annual billing applies a prorated credit to the next invoice.',
  'Refund policy: a customer who cancels an annual subscription within 30 days is refunded in full.',
  'Invoices are e-mailed on the first day of each billing period and can be downloaded as PDF.',
  'To pause a subscription, open the billing settings; paused accounts keep their data for 90 days.',
  'Discount codes apply to the first year of an annual plan only.',
  'Cancelled workspaces are deleted after 60 days unless the owner reactivates them.',
]

/**
 * A troubleshooting case where each leg alone puts the wrong chunk first: the
 * vector leg favours a generic sync article without the error code, the text
 * leg a changelog line that names the code among many unrelated items. The
 * article that both legs rank well is the answer.
 */
const TROUBLESHOOTING: Record<string, string> = {
  answer:
    'When contacts stop syncing and the log shows error E1042, the CRM access token has expired: reconnect the integration.',
  generic:
    'Contact syncing errors: when a contact sync fails, check the contact field mapping and retry the sync.',
  changelog:
    'Release 4.2 changelog: fixed error E1042 in contact sync; new dashboard widgets; faster CSV export; dark mode; audit log filters; webhook retries; billing page redesign; SSO for SCIM groups; API rate limit headers; a new onboarding checklist; two-factor login for admins.',
  schedule: 'Contact sync runs every fifteen minutes for each connected CRM account.',
  imports: 'Error messages of a contact import name the row that failed and why.',
  calendar: 'Syncing calendars with the CRM shows meetings next to each contact.',
}

test.group('Knowledge search: ranking', () => {
  test('a paraphrased question finds the right chunk first among related ones', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'ksparaphrase')
    const bucket = await insertBucket(account, 'Help centre')
    const { chunkIds, documentId } = await insertDocumentWithChunks(
      account,
      bucket,
      'Billing FAQ',
      BILLING
    )
    // Shares "cancel" and "subscription" with the answer, not its wording ("refund", "annual").
    const response = await client
      .post('/v1/knowledge/search')
      .bearerToken(account.token)
      .json({ query: 'Can I get my money back if I cancel the yearly subscription?' })
    response.assertStatus(200)
    await assertMatchesSpec(response)
    const { data, search_id: searchId } = response.body()
    assert.isString(searchId)
    assert.isAbove(data.length, 2)
    const [best] = data
    assert.equal(best.chunk_id, chunkIds[1])
    assert.equal(best.document_id, documentId)
    assert.equal(best.bucket_id, bucket)
    assert.equal(best.bucket_name, 'Help centre')
    assert.equal(best.document_title, 'Billing FAQ')
    assert.equal(best.chunk_index, 1)
    assert.equal(best.content, BILLING[1])
    assert.include(best.snippet, 'cancels an annual subscription')
    assert.isAbove(best.similarity, data[1].similarity)
    // The words do not all occur in any chunk: the full-text leg found nothing.
    assert.isTrue(data.every((hit: { text_rank: number | null }) => hit.text_rank === null))
    const scores = data.map((hit: { score: number }) => hit.score)
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a)
    )
  })

  test('hybrid ranking beats either leg alone, and each leg contributes', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kshybrid')
    const bucket = await insertBucket(account, 'Support')
    const names = Object.keys(TROUBLESHOOTING)
    const { chunkIds } = await insertDocumentWithChunks(
      account,
      bucket,
      'Integrations',
      Object.values(TROUBLESHOOTING)
    )
    const nameOf = (id: string) => names[chunkIds.indexOf(id)]
    const search = async (mode: string) => {
      const response = await client
        .post('/v1/knowledge/search')
        .bearerToken(account.token)
        .json({ query: 'error E1042 when syncing contacts', mode })
      response.assertStatus(200)
      return response.body().data as Array<{
        chunk_id: string
        score: number
        similarity: number | null
        text_rank: number | null
      }>
    }

    const vector = await search('vector')
    assert.equal(nameOf(vector[0].chunk_id), 'generic')
    assert.isTrue(vector.every((hit) => hit.text_rank === null && hit.similarity! > 0))

    const text = await search('text')
    assert.deepEqual(
      text.map((hit) => nameOf(hit.chunk_id)),
      ['changelog', 'answer']
    )
    assert.isTrue(text.every((hit) => hit.similarity === null && hit.text_rank! > 0))

    const hybrid = await search('hybrid')
    assert.equal(nameOf(hybrid[0].chunk_id), 'answer')
    // Reciprocal rank fusion: the answer is second in both legs, 2 / (60 + 2).
    assert.closeTo(hybrid[0].score, 2 / 62, 1e-9)
    assert.isNotNull(hybrid[0].similarity)
    assert.isNotNull(hybrid[0].text_rank)
    // Everything either leg found is in the fused list (6 chunks, limit 10).
    assert.sameMembers(
      hybrid.map((hit) => hit.chunk_id),
      chunkIds
    )
  })
})
