import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'

/*
| Regressions found by fuzzing the answer routes.
*/

test.group('Knowledge answers: regressions', () => {
  test('an unknown provider is a 422 even when nothing is retrieved (answer and conversation message)', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kansregprov')
    // An empty knowledge base: no source, so no provider would ever be called.
    const answer = await client
      .post('/v1/knowledge/answer')
      .bearerToken(account.token)
      .json({ question: 'What is the refund window?', provider: 'nope' })
    answer.assertStatus(422)
    await assertMatchesSpec(answer)
    assert.equal(answer.body().errors[0].field, 'provider')

    const conversation = await client
      .post('/v1/knowledge/conversations')
      .bearerToken(account.token)
      .json({ title: 'Refunds' })
    conversation.assertStatus(201)
    const message = await client
      .post(`/v1/knowledge/conversations/${conversation.body().id}/messages`)
      .bearerToken(account.token)
      .json({ content: 'What is the refund window?', provider: 'nope' })
    message.assertStatus(422)
    assert.equal(message.body().errors[0].field, 'provider')
    const messages = await client
      .get(`/v1/knowledge/conversations/${conversation.body().id}/messages`)
      .bearerToken(account.token)
    assert.lengthOf(messages.body().data, 0, 'nothing of the refused exchange is stored')

    // A known provider still answers honestly when nothing is found.
    const local = await client
      .post('/v1/knowledge/answer')
      .bearerToken(account.token)
      .json({ question: 'What is the refund window?', provider: 'local' })
    local.assertStatus(200)
    assert.deepEqual(local.body().citations, [])
  })
})
