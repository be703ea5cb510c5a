/*
| Scale-out smoke suite (issue 16), run by .ci/pgbouncer_smoke: two API
| processes (WORKER=off) and one dedicated `node ace worker`, all reaching
| PostgreSQL through PgBouncer in transaction mode (SCALEOUT_DATABASE_URL,
| DB_POOLER=transaction). Requests alternate between the two API nodes:
| register, workspace, campaign, a CSV lead import run by the worker, and a
| webhook delivered to a loopback receiver. Any error fails the run (exit 1).
|   SCALEOUT_DATABASE_URL=postgres://…@127.0.0.1:6432/db npm run scaleout
*/
import { setTimeout as sleep } from 'node:timers/promises'
import { randomUUID } from 'node:crypto'
import { freePort, ServerProcess, startAce, stop } from '#tests/helpers/processes'
import { startReceiver } from '#tests/helpers/webhook_receiver'

const databaseUrl = process.env.SCALEOUT_DATABASE_URL
if (!databaseUrl) {
  console.error('SCALEOUT_DATABASE_URL (the PgBouncer address) is required')
  process.exit(2)
}
const plugins = process.env.SCALEOUT_PLUGINS ?? 'campaigns,leads'
const shared = {
  DATABASE_URL: databaseUrl,
  DB_POOLER: 'transaction',
  DB_MIGRATE_ON_START: 'false',
  PLUGINS: plugins,
  DEMO_SEED: 'false',
  WEBHOOK_ALLOWED_PRIVATE_TARGETS: '127.0.0.0/8',
  WEBHOOK_RETRY_BASE_MS: '200',
  LOG_LEVEL: 'warn',
}

process.once('exit', () => ServerProcess.killAll())

/** Waits for GET /health/ready to answer 200 (an API node without a worker). */
async function waitReady(server: ServerProcess, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exited) throw new Error(`API node exited:\n${server.output()}`)
    try {
      if ((await fetch(`${server.baseUrl}/health/ready`)).status === 200) return
    } catch {
      // not listening yet
    }
    await sleep(250)
  }
  throw new Error(`API node not ready:\n${server.output()}`)
}

let errors = 0
let requests = 0
const nodes: ServerProcess[] = []

/** One request to the next API node (round robin); counts a 5xx or unexpected status as an error. */
async function call(
  method: string,
  path: string,
  options: { token?: string; workspace?: string; json?: unknown; form?: FormData; expect: number }
) {
  const node = nodes[requests++ % nodes.length]
  const headers: Record<string, string> = {}
  if (options.token) headers.authorization = `Bearer ${options.token}`
  if (options.workspace) headers['x-workspace-id'] = options.workspace
  let body: string | FormData | undefined
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.json)
  } else if (options.form) {
    body = options.form
  }
  const response = await fetch(`${node.baseUrl}${path}`, { method, headers, body })
  const text = await response.text()
  if (response.status !== options.expect) {
    errors++
    throw new Error(`${method} ${path} on ${node.baseUrl}: ${response.status} ${text}`)
  }
  return text ? JSON.parse(text) : null
}

const receiver = await startReceiver()
const worker = startAce(['worker'], shared)
try {
  for (let index = 0; index < 2; index++) {
    const node = new ServerProcess(await freePort(), { ...shared, WORKER: 'off' })
    nodes.push(node)
  }
  await Promise.all(nodes.map((node) => waitReady(node)))
  await worker.waitForOutput(/worker running/, 120_000)
  console.log(`2 API nodes ready (${nodes.map((n) => n.baseUrl).join(', ')}), worker running`)

  const email = `scaleout-${randomUUID().slice(0, 8)}@example.test`
  const registered = await call('POST', '/v1/auth/register', {
    json: { email, password: 'correct-horse-battery', full_name: 'Scale out' },
    expect: 201,
  })
  const token = registered.token.value as string
  const workspace = await call('POST', '/v1/workspaces', {
    token,
    json: { name: 'Scale-out smoke' },
    expect: 201,
  })
  const ws = workspace.id as string

  const hook = await call('POST', '/v1/webhooks', {
    token,
    workspace: ws,
    json: { name: 'smoke', url: receiver.url, events: ['lead.created'] },
    expect: 201,
  })
  receiver.useSecret(hook.secret)

  const campaign = await call('POST', '/v1/campaigns', {
    token,
    workspace: ws,
    json: { name: 'Scale-out campaign', type: 'lead_generation' },
    expect: 201,
  })
  await call('GET', `/v1/campaigns/${campaign.id}`, { token, workspace: ws, expect: 200 })

  const rows = 300
  const csv = ['email,first_name,company']
  for (let index = 0; index < rows; index++) {
    csv.push(`lead${index}@scaleout.example.test,Lead ${index},Smoke Inc`)
  }
  const form = new FormData()
  form.append('file', new Blob([csv.join('\n')], { type: 'text/csv' }), 'leads.csv')
  const started = await call('POST', '/v1/leads/imports', {
    token,
    workspace: ws,
    form,
    expect: 202,
  })

  let imported: any
  for (let attempt = 0; attempt < 240; attempt++) {
    imported = await call('GET', `/v1/leads/imports/${started.id}`, {
      token,
      workspace: ws,
      expect: 200,
    })
    if (imported.status === 'completed' || imported.status === 'failed') break
    await sleep(500)
  }
  if (imported.status !== 'completed' || imported.rows_created !== rows) {
    errors++
    throw new Error(`lead import did not complete: ${JSON.stringify(imported)}`)
  }
  console.log(`lead import: ${imported.rows_created} rows created by the dedicated worker`)

  // Every event reaches the receiver, signed: one lead.created per row.
  const count = (type: string) =>
    receiver.received.filter((entry) => entry.verified && entry.payload?.type === type).length
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline && count('lead.created') < rows) {
    await sleep(500)
  }
  const unverified = receiver.received.filter((entry) => !entry.verified)
  if (unverified.length) {
    errors++
    throw new Error(`unverified webhook requests: ${unverified[0].error}`)
  }
  if (count('lead.created') !== rows) {
    errors++
    throw new Error(`webhooks delivered: lead.created ${count('lead.created')}/${rows}`)
  }
  console.log(`webhooks: ${receiver.received.length} signed deliveries, every event once`)
  console.log(`scale-out smoke: ${requests} requests over 2 API nodes, ${errors} errors`)
} catch (error) {
  console.error(`scale-out smoke FAILED: ${(error as Error).message}`)
  for (const node of nodes) console.error(`--- ${node.baseUrl}\n${node.output().slice(-3000)}`)
  console.error(`--- worker\n${worker.output().slice(-3000)}`)
  errors = Math.max(errors, 1)
} finally {
  await Promise.all(nodes.map((node) => node.stop()))
  await stop(worker.child)
  await receiver.close()
}
process.exit(errors ? 1 : 0)
