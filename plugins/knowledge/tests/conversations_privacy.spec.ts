import { test } from '@japa/runner'
import type { ApiClient, ApiRequest } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { strFromU8 } from 'fflate'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { type TestAccount } from '#tests/helpers/accounts'
import { privacyTables } from '#modules/privacy/services/index'
import { downloadArchive, subjectCount } from '#tests/helpers/privacy_subject'
import { POLICIES, seedKnowledge } from './answers_fixtures.js'
import { eraseUser, sharedWorkspace } from './helpers.js'

/** The conversation tables this plugin declares, children before parents. */
const CONVERSATION_TABLES = [
  'research_notes',
  'conversation_knowledge_refs',
  'conversation_messages',
  'conversations',
  'knowledge_access_logs',
]

/** A conversation with one exchange (and a note saved from it) in the given workspace. */
async function converse(
  client: ApiClient,
  account: TestAccount,
  question: string,
  workspaceId?: string
) {
  const as = (request: ApiRequest) => {
    const authed = request.bearerToken(account.token)
    return workspaceId ? authed.header('x-workspace-id', workspaceId) : authed
  }
  const conversation = await as(client.post('/v1/knowledge/conversations')).json({})
  conversation.assertStatus(201)
  const exchange = await as(
    client.post(`/v1/knowledge/conversations/${conversation.body().id}/messages`)
  ).json({ content: question, save_note: true })
  exchange.assertStatus(201)
  return { conversationId: conversation.body().id as string, exchange: exchange.body() }
}

test.group('Knowledge conversations / privacy export and erasure', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test("a user's conversations, messages, references, notes and search logs are exported, then erased; a colleague's stay", async ({
    client,
    assert,
  }) => {
    const {
      owner: colleague,
      member: user,
      team,
    } = await sharedWorkspace(client, { owner: 'kprivcolleague', member: 'kprivuser' }, 'member')
    const mine = await seedKnowledge(user, POLICIES)

    const personal = await converse(client, user, 'How long do refunds take?')
    assert.isAbove(personal.exchange.assistant_message.citations.length, 0)
    await converse(client, user, 'Anything on shipping?', team.id)
    const search = await client
      .post('/v1/knowledge/answer')
      .bearerToken(user.token)
      .json({ question: 'What does express delivery cost?' })
    search.assertStatus(200)
    const theirs = await converse(client, colleague, 'Colleague question on refunds', team.id)

    const declared = (await privacyTables()).filter((table) => table.source === 'knowledge')
    for (const name of CONVERSATION_TABLES) {
      const table = declared.find((entry) => entry.table === name)
      assert.exists(table, `${name} is in the knowledge manifest`)
      assert.equal(table!.erase, 'delete')
      assert.isAbove(await subjectCount(table!, user.id), 0, `the user has ${name} rows`)
    }
    // Children are declared (so exported and erased) before their parents.
    const order = CONVERSATION_TABLES.map((name) => declared.findIndex((t) => t.table === name))
    assert.deepEqual(
      order.slice(0, 4),
      [...order.slice(0, 4)].sort((a, b) => a - b)
    )
    assert.equal(
      declared.find((entry) => entry.table === 'knowledge_access_logs')!.retentionColumn,
      'created_at'
    )

    // Export: every table holds the user's rows, and only theirs.
    const requested = await client.post('/v1/privacy/exports').bearerToken(user.token)
    requested.assertStatus(202)
    const done = await waitFor(async () => {
      const current = await client
        .get(`/v1/privacy/exports/${requested.body().id}`)
        .bearerToken(user.token)
      return ['completed', 'failed'].includes(current.body().status) ? current.body() : null
    }, 30_000)
    assert.equal(done.status, 'completed', done.error)
    const files = await downloadArchive(done.download_url)
    const rowsOf = (name: string) => {
      const table = declared.find((entry) => entry.table === name)!
      assert.exists(files[table.exportName], table.exportName)
      return JSON.parse(strFromU8(files[table.exportName])) as Record<string, any>[]
    }
    for (const name of CONVERSATION_TABLES) {
      const rows = rowsOf(name)
      assert.isAbove(rows.length, 0, name)
      for (const row of rows) assert.equal(row.user_id, user.id, name)
    }
    assert.sameMembers(
      rowsOf('conversation_messages')
        .filter((row) => row.role === 'user')
        .map((row) => row.content),
      ['How long do refunds take?', 'Anything on shipping?']
    )
    assert.include(
      rowsOf('knowledge_access_logs').map((row) => row.query_text),
      'What does express delivery cost?'
    )
    assert.sameMembers(
      rowsOf('conversation_knowledge_refs').map((row) => row.chunk_id),
      personal.exchange.assistant_message.citations.map((c: { chunk_id: string }) => c.chunk_id)
    )
    assert.lengthOf(rowsOf('research_notes'), 2)

    // Erasure, confirmed with the token and the password.
    const erased = await eraseUser(client, user)
    assert.equal(erased.status, 'completed', erased.error)
    for (const name of CONVERSATION_TABLES) {
      const table = declared.find((entry) => entry.table === name)!
      assert.equal(await subjectCount(table, user.id), 0, `nothing left in ${name}`)
    }
    const audit = await db.rawQuery(
      `select details from privacy_audit_log where user_id = ? and event_type = 'erasure.table'`,
      [user.id]
    )
    const erasedTables = new Map<string, Record<string, any>>(
      audit.rows.map((row: { details: Record<string, any> }) => [row.details.table, row.details])
    )
    for (const name of CONVERSATION_TABLES) {
      assert.equal(erasedTables.get(name)?.action, 'deleted', name)
      assert.isAbove(erasedTables.get(name)?.rows, 0, `${name} rows counted`)
    }

    // The colleague's conversation in the shared workspace is untouched.
    const kept = await client
      .get(`/v1/knowledge/conversations/${theirs.conversationId}/messages`)
      .bearerToken(colleague.token)
      .header('x-workspace-id', team.id)
    kept.assertStatus(200)
    assert.lengthOf(kept.body().data, 2)
    const notes = await client
      .get('/v1/knowledge/research-notes')
      .bearerToken(colleague.token)
      .header('x-workspace-id', team.id)
    assert.lengthOf(notes.body().data, 1)
    assert.isAbove(mine.chunks.size, 0)
  })
})
