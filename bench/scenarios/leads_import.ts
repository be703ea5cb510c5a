import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { parse } from 'csv-parse/sync'
import { platformEnv } from '../lib/app.ts'
import { benchPool } from '../lib/database.ts'
import { freePort, startTsChild, waitForHttp, type BenchChild } from '../lib/processes.ts'
import { compareRounds, type Comparison } from '../lib/report.ts'

/** Settings of the CSV import scenario. */
export interface LeadsImportOptions {
  databaseUrl: string
  /** Data rows of the CSV file (distinct e-mails). */
  rows: number
  rounds: number
  dataDir: string
}

/** Raw figures of the scenario, written to latest.json. */
export interface LeadsImportDetails {
  settings: Omit<LeadsImportOptions, 'databaseUrl' | 'dataDir'> & { fileBytes: number }
  platformSeconds: number[]
  baselineSeconds: number[]
}

/** Rows per INSERT of the baseline (one statement per batch, as bulk loaders do). */
const BASELINE_BATCH = 5000
const IMPORT_TIMEOUT_MS = 600_000

/** A CSV file of `rows` distinct leads with the columns an export has, plus a custom one. */
function csvFile(rows: number, round: number) {
  const lines = ['email,first_name,last_name,company,job_title,company_size,industry,tags,seats']
  const titles = ['Marketing Director', 'CTO', 'Analyst', 'Student', 'VP Sales', 'Engineer']
  const sizes = ['startup', 'small', 'medium', 'enterprise']
  for (let index = 0; index < rows; index++) {
    lines.push(
      [
        `lead${index}.r${round}@company${index % 5000}.example`,
        `First${index}`,
        `Last${index}`,
        `"Company ${index % 5000}, Inc."`,
        titles[index % titles.length],
        sizes[index % sizes.length],
        'software',
        index % 3 === 0 ? 'vip;emea' : 'emea',
        String(index % 500),
      ].join(',')
    )
  }
  return `${lines.join('\n')}\n`
}

/** Registers a user through the API: its token and personal workspace. */
async function register(baseUrl: string, label: string) {
  const response = await fetch(`${baseUrl}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench-${label}-${process.pid}-${Date.now()}@example.com`,
      password: 'bench-password-0123456789',
      full_name: 'Bench Import',
    }),
  })
  const body = (await response.json()) as {
    token?: { value: string }
    user?: { id: string; personal_workspace_id: string }
  }
  if (response.status !== 201 || !body.token || !body.user) {
    throw new Error(`Registration failed (${response.status}): ${JSON.stringify(body)}`)
  }
  return {
    token: body.token.value,
    userId: body.user.id,
    workspaceId: body.user.personal_workspace_id,
  }
}

/**
 * A 50,000-row CSV import through the platform (POST /v1/leads/imports: the
 * upload checked and stored, then the `leads/import_csv` job streaming it,
 * merging by e-mail, scoring, emitting events, recording progress), timed from
 * the upload to `completed`, against parsing the same file with csv-parse and
 * inserting the same rows in bulk (INSERT ... SELECT FROM jsonb_to_recordset,
 * 5,000 rows a statement), in the same run, alternating which goes first.
 */
export async function runLeadsImport(
  options: LeadsImportOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: LeadsImportDetails }> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const adminPool = benchPool(options.databaseUrl, 2, 'admin')
  let server: BenchChild | undefined
  try {
    log(`starting the platform server on ${baseUrl} with its in-process worker`)
    server = startTsChild(
      'platform server',
      'core/bin/server.ts',
      platformEnv(options.databaseUrl, options.dataDir, {
        HOST: '127.0.0.1',
        PORT: String(port),
        WORKER: 'in-process',
      })
    )
    await waitForHttp(`${baseUrl}/health/live`, server, 120_000)

    const platformRound = async (round: number) => {
      const account = await register(baseUrl, `import-${round}`)
      const csv = csvFile(options.rows, round)
      const started = performance.now()
      const form = new FormData()
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'leads.csv')
      const upload = await fetch(`${baseUrl}/v1/leads/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${account.token}` },
        body: form,
      })
      const created = (await upload.json()) as { id?: string }
      if (upload.status !== 202 || !created.id) {
        throw new Error(`upload failed (${upload.status}): ${JSON.stringify(created)}`)
      }
      for (;;) {
        const response = await fetch(`${baseUrl}/v1/leads/imports/${created.id}`, {
          headers: { authorization: `Bearer ${account.token}` },
        })
        const state = (await response.json()) as Record<string, unknown>
        if (state.status === 'completed') {
          if (state.rows_created !== options.rows) {
            throw new Error(`import created ${state.rows_created} of ${options.rows} leads`)
          }
          return (performance.now() - started) / 1000
        }
        if (state.status === 'failed') throw new Error(`import failed: ${state.error_message}`)
        if (performance.now() - started > IMPORT_TIMEOUT_MS) throw new Error('import timed out')
        await sleep(20)
      }
    }

    const baselineRound = async (round: number) => {
      const account = await register(baseUrl, `bulk-${round}`)
      const csv = csvFile(options.rows, round)
      const started = performance.now()
      const records = parse(csv, {
        bom: true,
        columns: true,
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
      }) as Array<Record<string, string>>
      for (let offset = 0; offset < records.length; offset += BASELINE_BATCH) {
        const batch = records.slice(offset, offset + BASELINE_BATCH).map((record) => ({
          email: record.email.toLowerCase(),
          first_name: record.first_name,
          last_name: record.last_name,
          company: record.company,
          job_title: record.job_title,
          company_size: record.company_size,
          industry: record.industry,
          tags: record.tags.split(';').sort(),
          custom_fields: { seats: record.seats },
        }))
        await adminPool.query(
          `insert into public.leads (workspace_id, email, first_name, last_name, company, job_title,
              company_size, industry, source, tags, custom_fields, created_by)
            select $1, r.email, r.first_name, r.last_name, r.company, r.job_title, r.company_size,
              r.industry, 'import', r.tags, r.custom_fields, $2
            from jsonb_to_recordset($3::jsonb) as r(email text, first_name text, last_name text,
              company text, job_title text, company_size text, industry text, tags text[], custom_fields jsonb)`,
          [account.workspaceId, account.userId, JSON.stringify(batch)]
        )
      }
      return (performance.now() - started) / 1000
    }

    const fileBytes = Buffer.byteLength(csvFile(options.rows, 0))
    log(`importing ${options.rows} rows (${(fileBytes / 1024 / 1024).toFixed(1)} MB) per side`)
    const platformSeconds: number[] = []
    const baselineSeconds: number[] = []
    for (let round = 0; round < options.rounds; round++) {
      if (round % 2 === 0) {
        baselineSeconds.push(await baselineRound(round))
        platformSeconds.push(await platformRound(round))
      } else {
        platformSeconds.push(await platformRound(round))
        baselineSeconds.push(await baselineRound(round))
      }
      log(
        `  round ${round + 1}: import ${platformSeconds.at(-1)!.toFixed(2)} s, ` +
          `parse + bulk insert ${baselineSeconds.at(-1)!.toFixed(2)} s`
      )
    }
    const scenario = `Leads: CSV import of ${options.rows.toLocaleString('en')} rows vs parsing the file and inserting the rows in bulk`
    return {
      comparisons: [
        compareRounds(scenario, 'time (lower is better)', 's', platformSeconds, baselineSeconds, {
          platform: 'POST /v1/leads/imports until completed',
          baseline: `csv-parse, INSERT ... jsonb_to_recordset (${BASELINE_BATCH.toLocaleString('en')} rows a statement)`,
        }),
      ],
      details: {
        settings: { rows: options.rows, rounds: options.rounds, fileBytes },
        platformSeconds,
        baselineSeconds,
      },
    }
  } finally {
    await server?.stop()
    await adminPool.end()
  }
}
