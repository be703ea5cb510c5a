import db from '@adonisjs/lucid/services/db'
import {
  registerPrivacyManifest,
  unregisterPrivacyManifest,
} from '#modules/privacy/services/privacy_manifests'
import { workspaceStorage } from '#core/storage/storage_service'
import { runWorkerDuringGroup } from '#tests/helpers/worker'

/** A test-only tenant table standing in for a plugin's table of personal data. */
export const NOTES_TABLE = 'test_privacy_notes'

/**
 * Creates the notes table (tenant table with RLS, like a plugin's) and
 * declares it in a test manifest: rows by `author_id`, an attachment file per
 * row, per-user files under `test-notes/{user_id}`, retention on created_at.
 */
export async function installNotesManifest() {
  await db.rawQuery(`
    create table if not exists public.${NOTES_TABLE} (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references public.workspaces (id) on delete cascade,
      author_id uuid references public.users (id) on delete set null,
      body text not null,
      attachment_key text,
      created_at timestamptz not null default now(),
      unique (workspace_id, id)
    );
    select app.secure_tenant_table('public.${NOTES_TABLE}', null, false);
  `)
  registerPrivacyManifest('test_notes', {
    tables: [
      {
        table: NOTES_TABLE,
        userColumn: 'author_id',
        erase: 'delete',
        fileColumns: ['attachment_key'],
        retentionColumn: 'created_at',
      },
    ],
    files: ['test-notes/{user_id}'],
  })
}

/** Drops the table and forgets the manifest. */
export async function removeNotesManifest() {
  unregisterPrivacyManifest('test_notes')
  await db.rawQuery(`drop table if exists public.${NOTES_TABLE}`)
}

/** Adds a note with an attachment stored in the workspace's storage. */
export async function addNote(
  workspaceId: string,
  authorId: string,
  body: string,
  file: string,
  contents: string,
  createdAt: Date = new Date()
) {
  const key = `notes/${file}`
  await workspaceStorage(workspaceId).put(key, contents)
  const result = await db.rawQuery(
    `insert into ${NOTES_TABLE} (workspace_id, author_id, body, attachment_key, created_at)
      values (?, ?, ?, ?, ?) returning id`,
    [workspaceId, authorId, body, key, createdAt]
  )
  return { id: result.rows[0].id as string, key }
}

/**
 * Group setup for the privacy job suites: the notes table and manifest, and
 * the worker that runs the export, erasure and retention jobs; both undone
 * after the group.
 */
export async function notesAndWorkerDuringGroup() {
  await installNotesManifest()
  const stopWorker = await runWorkerDuringGroup()
  return async () => {
    await stopWorker()
    await removeNotesManifest()
  }
}
