import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runImportCrash } from '#tests/helpers/import_crash'

const ROWS = 5_000
const KILL_AT = 1_500
const COMPLETE_WITHIN_MS = 60_000

/**
 * Finding 1 of issue 20: a 5,000-row CSV lead import, `kill -9` of the
 * server's process group at about 1,500 rows, restart on the same data folder
 * (embedded, the default) or on the same database (DATABASE_URL set). Done
 * when the import completes within 60 s of the restart with exactly 5,000
 * leads and no duplicate.
 */
export default async function scenario(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aip-fault-import-'))
  const external = Boolean(process.env.DATABASE_URL)
  try {
    const result = await runImportCrash({
      rows: ROWS,
      killAtRows: KILL_AT,
      completeWithinMs: COMPLETE_WITHIN_MS,
      env: {
        DATA_DIR: dataDir,
        EMBEDDED_STORAGE: 'disk',
        PLUGINS: external ? process.env.PLUGINS : 'leads',
        LOG_LEVEL: 'warn',
        // A short lease, so that another database's sweeper reclaims quickly.
        WORKER_LEASE_SECONDS: '5',
      },
      log: (message) => console.log(`  ${message}`),
    })
    console.log(
      `  ${external ? 'external database' : 'embedded (disk)'}: killed at ${result.rowsAtKill}/${ROWS} rows; ` +
        `restart ready in ${(result.restartReadyMs / 1000).toFixed(1)} s; import ${result.import.status} ` +
        `${(result.completedAfterRestartMs / 1000).toFixed(1)} s after the restart; ` +
        `${result.leads} leads, ${result.distinctEmails} distinct e-mails`
    )
    const problems: string[] = []
    if (result.import.status !== 'completed') {
      problems.push(`import ${result.import.status}: ${result.import.error_message ?? ''}`)
    }
    if (result.leads !== ROWS) problems.push(`${result.leads} leads instead of ${ROWS}`)
    if (result.distinctEmails !== result.leads) {
      problems.push(`${result.leads - result.distinctEmails} duplicate lead(s)`)
    }
    if (result.completedAfterRestartMs > COMPLETE_WITHIN_MS) {
      problems.push(`completed ${result.completedAfterRestartMs} ms after the restart (limit 60 s)`)
    }
    if (problems.length) throw new Error(`import crash: ${problems.join('; ')}`)
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}
