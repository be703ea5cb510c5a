import { randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort, ServerProcess } from '#tests/helpers/processes'

/** Settings of one import-crash run (see runImportCrash). */
export interface ImportCrashOptions {
  /** Rows of the CSV file (all distinct e-mails). */
  rows: number
  /** The server is killed once the import has committed at least this many rows. */
  killAtRows: number
  /** Environment of both server processes (database mode, DATA_DIR, lease). */
  env: Record<string, string | undefined>
  /** Time allowed from the restart to the completed import, in ms. */
  completeWithinMs: number
  log?: (message: string) => void
}

/** What one import-crash run observed. */
export interface ImportCrashResult {
  rowsAtKill: number
  statusAtKill: string
  /** From spawning the second server to its readiness. */
  restartReadyMs: number
  /** From spawning the second server to the import's `completed` (or `failed`). */
  completedAfterRestartMs: number
  import: Record<string, any>
  /** Leads in the workspace afterwards (exported), and distinct e-mails among them. */
  leads: number
  distinctEmails: number
}

/** `Authorization` header of an account registered on `server`. */
async function register(server: ServerProcess) {
  const response = await fetch(`${server.baseUrl}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `crash-${randomUUID().slice(0, 8)}@example.com`,
      password: 'correct-horse-battery',
      full_name: 'Crash Test',
    }),
  })
  if (response.status !== 201)
    throw new Error(`registration: ${response.status} ${await response.text()}`)
  const body = (await response.json()) as { token: { value: string } }
  return { authorization: `Bearer ${body.token.value}` }
}

async function readImport(server: ServerProcess, headers: Record<string, string>, id: string) {
  const response = await fetch(`${server.baseUrl}/v1/leads/imports/${id}`, { headers })
  if (response.status !== 200)
    throw new Error(`import status: ${response.status} ${await response.text()}`)
  return (await response.json()) as Record<string, any>
}

/** Polls the import until `done(import)` holds; throws after `timeoutMs`. */
async function waitForImport(
  server: ServerProcess,
  headers: Record<string, string>,
  id: string,
  done: (row: Record<string, any>) => boolean,
  timeoutMs: number,
  what: string
) {
  const deadline = Date.now() + timeoutMs
  let last: Record<string, any> | undefined
  while (Date.now() < deadline) {
    if (server.exited)
      throw new Error(`server exited while waiting for ${what}:\n${server.output()}`)
    last = await readImport(server, headers, id)
    if (done(last)) return last
    await sleep(25)
  }
  throw new Error(
    `no ${what} within ${timeoutMs} ms (import: ${JSON.stringify(last)})\n${server.output().slice(-4000)}`
  )
}

/**
 * Finding 1 of issue 20, end to end: starts a real server, imports a CSV of
 * `rows` leads, `kill -9`s the server's process group once `killAtRows` rows
 * are committed, starts a new server on the same data folder or database, and
 * waits for the import to finish; then exports the workspace's leads.
 */
export async function runImportCrash(options: ImportCrashOptions): Promise<ImportCrashResult> {
  const log = options.log ?? (() => {})
  let server = new ServerProcess(await freePort(), options.env)
  try {
    await server.waitReady()
    const headers = await register(server)
    const csv = ['email,first_name,last_name,company']
    for (let index = 0; index < options.rows; index++) {
      csv.push(`lead-${index}@crash.example,First${index},Last${index},Company ${index % 97}`)
    }
    const form = new FormData()
    form.append('file', new Blob([csv.join('\n')], { type: 'text/csv' }), 'leads.csv')
    const created = await fetch(`${server.baseUrl}/v1/leads/imports`, {
      method: 'POST',
      headers,
      body: form,
    })
    if (created.status !== 202) throw new Error(`upload: ${created.status} ${await created.text()}`)
    const { id } = (await created.json()) as { id: string }
    log(`import ${id} of ${options.rows} rows queued`)

    const before = await waitForImport(
      server,
      headers,
      id,
      (row) =>
        row.rows_processed >= options.killAtRows ||
        (row.status !== 'queued' && row.status !== 'running'),
      120_000,
      `${options.killAtRows} rows`
    )
    if (before.status !== 'running') {
      throw new Error(`the import was ${before.status} before the kill: make it larger`)
    }
    await server.kill9()
    log(
      `killed the server (kill -9, process group) at ${before.rows_processed}/${options.rows} rows`
    )

    const restartedAt = Date.now()
    server = new ServerProcess(await freePort(), options.env)
    await server.waitReady()
    const restartReadyMs = Date.now() - restartedAt
    log(`restarted, ready after ${restartReadyMs} ms`)
    const after = await waitForImport(
      server,
      headers,
      id,
      (row) => row.status === 'completed' || row.status === 'failed',
      Math.max(1, options.completeWithinMs - (Date.now() - restartedAt)),
      'finished import'
    )
    const completedAfterRestartMs = Date.now() - restartedAt
    log(`import ${after.status} ${completedAfterRestartMs} ms after the restart`)

    const exported = await fetch(`${server.baseUrl}/v1/leads/export`, { headers })
    if (exported.status !== 200) throw new Error(`export: ${exported.status}`)
    const records = parse(await exported.text(), { columns: true }) as Record<string, string>[]
    const emails = new Set(records.map((record) => record.email.toLowerCase()))
    return {
      rowsAtKill: before.rows_processed,
      statusAtKill: before.status,
      restartReadyMs,
      completedAfterRestartMs,
      import: after,
      leads: records.length,
      distinctEmails: emails.size,
    }
  } finally {
    await server.stop()
  }
}
