import { test } from '@japa/runner'
import { fileURLToPath } from 'node:url'
import { discoverPlugins } from '#core/plugins/plugin_discovery'
import { resolvePlugins } from '#core/plugins/plugin_resolver'
import { CORE_VERSION } from '#core/plugins/plugin_registry'
import {
  manifestSources,
  resolveTables,
  validateManifest,
} from '#modules/privacy/services/privacy_manifests'
import { corePrivacyManifest } from '#modules/privacy/privacy_manifest'
import { subjectCondition } from '#modules/privacy/services/subject_data'
import { isValidStorageKey, WorkspaceStorage } from '#core/storage/storage_service'
import { checkSignedLink } from '#core/http/signed_link'
import {
  EXPORT_DOWNLOAD_LINK,
  signedDownloadPath,
} from '#modules/privacy/services/download_signature'

test.group('Privacy manifests', () => {
  test('the core manifest is valid and names one archive file per declared table', ({ assert }) => {
    validateManifest('core', corePrivacyManifest)
    const tables = resolveTables([{ source: 'core', manifest: corePrivacyManifest }])
    const names = tables.map((table) => table.exportName)
    assert.equal(new Set(names).size, names.length)
    assert.include(names, 'tables/core/users.json')
    assert.include(names, 'tables/core/workspace_invitations.invited_by.json')
    assert.equal(tables.find((table) => table.table === 'users')!.workspaceColumn, null)
    assert.equal(
      tables.find((table) => table.table === 'api_keys')!.workspaceColumn,
      'workspace_id'
    )
  })

  test("plugins' manifests come before the core's, dependents before their dependencies", async ({
    assert,
  }) => {
    const folder = fileURLToPath(new URL('../fixtures/plugins/privacy/', import.meta.url))
    const plugins = resolvePlugins(await discoverPlugins([folder]), 'all', CORE_VERSION)
    const sources = manifestSources(plugins)
    assert.deepEqual(
      sources.map((source) => source.source),
      ['notes', 'attachments', 'core']
    )
    const tables = resolveTables(sources)
    assert.deepInclude(tables[0], {
      source: 'notes',
      table: 'notes',
      workspaceColumn: 'workspace_id',
      exportName: 'tables/notes/notes.json',
    })
    assert.equal(tables[1].exportName, 'tables/attachments/attachments.json')
    assert.throws(
      () => manifestSources([{ name: 'bad', privacy: { tables: [{ table: 'x y' } as any] } }]),
      /Privacy manifest of "bad"/
    )
  })

  test('manifests that could inject SQL or escape storage are refused', ({ assert }) => {
    const base = { table: 'notes', userColumn: 'user_id', erase: 'delete' as const }
    assert.throws(
      () => validateManifest('x', { tables: [{ ...base, table: 'notes; drop table users' }] }),
      /not a valid table or column name/
    )
    assert.throws(
      () => validateManifest('x', { tables: [{ ...base, anonymizeColumns: ['a"b'] }] }),
      /not a valid/
    )
    assert.throws(
      () => validateManifest('x', { tables: [{ ...base, erase: 'shred' as any }] }),
      /erase must be/
    )
    assert.throws(() => validateManifest('x', { tables: [base, base] }), /declared twice/)
    assert.throws(
      () => validateManifest('x', { tables: [], files: ['avatars/all'] }),
      /must contain \{user_id\}/
    )
    assert.throws(
      () => validateManifest('x', { tables: [], files: ['../{user_id}'] }),
      /not a safe relative path/
    )
    assert.throws(
      () =>
        validateManifest('x', {
          tables: [{ ...base, workspaceColumn: null, fileColumns: ['file_key'] }],
        }),
      /files need a workspace column/
    )
    validateManifest('x', { tables: [base], files: ['avatars/{user_id}'] })
  })

  test('tables declared via a parent are deleted through it, and nothing else', ({ assert }) => {
    const child = {
      table: 'chat_messages',
      userColumn: 'user_id',
      via: { table: 'chat_sessions', column: 'session_id' },
      erase: 'delete' as const,
    }
    validateManifest('x', { tables: [child] })
    assert.equal(
      subjectCondition(child),
      '"session_id" in (select "id" from "chat_sessions" where "user_id" = ?::uuid)'
    )
    assert.equal(subjectCondition({ ...child, via: undefined }), '"user_id" = ?::uuid')
    assert.throws(
      () => validateManifest('x', { tables: [{ ...child, erase: 'anonymize' }] }),
      /can only be deleted/
    )
    assert.throws(
      () => validateManifest('x', { tables: [{ ...child, retentionColumn: 'timestamp' }] }),
      /without retention/
    )
    assert.throws(
      () =>
        validateManifest('x', {
          tables: [{ ...child, via: { table: 'chat_sessions', column: 'id) or (true' } }],
        }),
      /not a valid table or column name/
    )
    // In the core manifest the messages come before their sessions (erasure order).
    const order = corePrivacyManifest.tables.map((table) => table.table)
    assert.isBelow(order.indexOf('chat_messages'), order.indexOf('chat_sessions'))
  })
})

test.group('Workspace storage keys and download signatures', () => {
  test('keys stay inside their workspace folder', ({ assert }) => {
    for (const key of ['../x', 'a/../../b', '/etc/passwd', 'a\\b', '', 'a//b/..', 'dir/']) {
      assert.isFalse(isValidStorageKey(key), key)
    }
    assert.isTrue(isValidStorageKey('privacy/exports/abc.zip'))
    const storage = new WorkspaceStorage('6f1c1d1e-9b1a-4a57-8f51-1b2c3d4e5f60', {} as any)
    assert.equal(storage.path('a/b.txt'), 'workspaces/6f1c1d1e-9b1a-4a57-8f51-1b2c3d4e5f60/a/b.txt')
    assert.throws(() => storage.path('../other/x'), /Invalid storage key/)
    assert.throws(() => new WorkspaceStorage('../../', {} as any), /Invalid storage key/)
  })

  test('signatures bind the request and the expiry', ({ assert }) => {
    const id = '6f1c1d1e-9b1a-4a57-8f51-1b2c3d4e5f60'
    const future = new Date(Date.now() + 60_000)
    const query = new URLSearchParams(signedDownloadPath(id, future).split('?')[1])
    const expires = query.get('expires')!
    const signature = query.get('signature')!
    assert.equal(checkSignedLink(EXPORT_DOWNLOAD_LINK, id, expires, signature), 'valid')
    assert.equal(
      checkSignedLink(EXPORT_DOWNLOAD_LINK, id, String(Number(expires) + 1), signature),
      'tampered'
    )
    assert.equal(
      checkSignedLink(
        EXPORT_DOWNLOAD_LINK,
        '00000000-0000-4000-8000-000000000000',
        expires,
        signature
      ),
      'tampered'
    )
    assert.equal(checkSignedLink(EXPORT_DOWNLOAD_LINK, id, expires, undefined), 'tampered')
    // A link signed for one purpose never opens another route for the same id.
    assert.equal(checkSignedLink('content-asset-download', id, expires, signature), 'tampered')
    assert.equal(
      checkSignedLink(EXPORT_DOWNLOAD_LINK, id, expires, signature, Date.now() + 120_000),
      'expired'
    )
  })
})
