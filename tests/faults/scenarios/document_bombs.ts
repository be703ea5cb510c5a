import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort, ServerProcess } from '#tests/helpers/processes'
import { makeDocx } from '#plugins/knowledge/tests/ingestion_support'
import { makeDocxBomb, makePdfBomb } from '#plugins/knowledge/tests/bomb_fixtures'

/** How long both bombs may take to end `failed` (the extraction timeout is 60 s by default). */
const SETTLE_WITHIN_MS = 150_000
/** The probe's "done when": p99 latency under this, and no error. */
const PROBE_P99_MS = 1_000

type Json = Record<string, any>

/** A JSON API call against the scenario's server, with a bearer token when given. */
async function api(
  server: ServerProcess,
  path: string,
  init: RequestInit & { token?: string } = {}
) {
  const headers = new Headers(init.headers)
  if (init.token) headers.set('authorization', `Bearer ${init.token}`)
  if (typeof init.body === 'string') headers.set('content-type', 'application/json')
  const response = await fetch(`${server.baseUrl}${path}`, {
    ...init,
    headers,
    signal: AbortSignal.timeout(10_000),
  })
  const body = (await response.json().catch(() => ({}))) as Json
  return { status: response.status, body }
}

/** Uploads a file into the bucket (multipart) and returns the created document. */
async function upload(
  server: ServerProcess,
  token: string,
  bucketId: string,
  fileName: string,
  bytes: Buffer
) {
  const form = new FormData()
  form.set('bucket_id', bucketId)
  form.set('file', new Blob([new Uint8Array(bytes)]), fileName)
  const response = await api(server, '/v1/knowledge/documents/upload', {
    method: 'POST',
    body: form,
    token,
  })
  if (response.status !== 202) {
    throw new Error(`upload of ${fileName}: ${response.status} ${JSON.stringify(response.body)}`)
  }
  return response.body
}

/** Polls a document until it is `ready` or `failed`. */
async function settled(server: ServerProcess, token: string, id: string, deadline: number) {
  while (Date.now() < deadline) {
    const { status, body } = await api(server, `/v1/knowledge/documents/${id}`, { token })
    if (status === 200 && (body.status === 'ready' || body.status === 'failed')) return body
    await sleep(250)
  }
  throw new Error(`document ${id} still processing after ${SETTLE_WITHIN_MS} ms`)
}

/**
 * A client calling a cheap authenticated route (`GET /v1/knowledge/buckets`)
 * back to back, with a pause of 50 ms, recording each latency and failure.
 */
function startProbe(server: ServerProcess, token: string) {
  const latencies: number[] = []
  const failures: string[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      const started = performance.now()
      try {
        const response = await fetch(`${server.baseUrl}/v1/knowledge/buckets`, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(5_000),
        })
        await response.arrayBuffer()
        if (response.status !== 200) failures.push(`HTTP ${response.status}`)
      } catch (error) {
        failures.push((error as Error).message)
      }
      latencies.push(performance.now() - started)
      await sleep(50)
    }
  })()
  return async () => {
    running = false
    await loop
    const sorted = [...latencies].sort((a, b) => a - b)
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]
    return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1)!, failures }
  }
}

/**
 * Findings 2 and 3 of issue 20: a real server (embedded database on disk,
 * worker in-process) is given a DOCX whose document.xml inflates to 50 MB and
 * two PDFs whose one page's content stream inflates to 50 MB (of text, and of
 * line drawing that yields no text), while a probe client keeps calling an
 * authenticated route. Done when both documents end
 * `failed` with a readable error, the probe's p99 stays under 1 s with no
 * error, the server is still running, and an honest DOCX is still processed.
 */
export default async function scenario(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aip-fault-bombs-'))
  // The knowledge plugin needs pgvector: this scenario always runs on the embedded database.
  const server = new ServerProcess(await freePort(), {
    DATA_DIR: dataDir,
    EMBEDDED_STORAGE: 'disk',
    DATABASE_URL: '',
    PLUGINS: 'knowledge',
    LOG_LEVEL: 'warn',
  })
  try {
    await server.waitReady()
    const docxBomb = await makeDocxBomb()
    const pdfBomb = await makePdfBomb()
    const pathsBomb = await makePdfBomb({ operators: 'paths' })
    const honest = await makeDocx([{ heading: 'Refunds' }, { text: 'Paid within thirty days.' }])
    console.log(
      `  bombs: DOCX ${Math.round(docxBomb.length / 1024)} KB, PDF of text ${Math.round(pdfBomb.length / 1024)} KB, ` +
        `PDF of lines ${Math.round(pathsBomb.length / 1024)} KB, each inflating to 50 MB`
    )

    const email = `bombs-${Date.now()}@example.test`
    const registered = await api(server, '/v1/auth/register', {
      method: 'POST',
      body: JSON.stringify({ email, password: 'correct-horse-battery', full_name: 'Bombs' }),
    })
    if (registered.status !== 201) throw new Error(`register: ${registered.status}`)
    const token = registered.body.token.value as string
    const bucket = await api(server, '/v1/knowledge/buckets', {
      method: 'POST',
      body: JSON.stringify({ name: 'Bombs' }),
      token,
    })
    if (bucket.status !== 201) throw new Error(`bucket: ${bucket.status}`)

    const stopProbe = startProbe(server, token)
    const started = Date.now()
    const deadline = started + SETTLE_WITHIN_MS
    let documents: Json[]
    let probe: Awaited<ReturnType<typeof stopProbe>>
    try {
      const docx = await upload(server, token, bucket.body.id, 'report.docx', docxBomb)
      const pdf = await upload(server, token, bucket.body.id, 'brochure.pdf', pdfBomb)
      const paths = await upload(server, token, bucket.body.id, 'drawing.pdf', pathsBomb)
      documents = [
        await settled(server, token, docx.id, deadline),
        await settled(server, token, pdf.id, deadline),
        await settled(server, token, paths.id, deadline),
      ]
    } finally {
      probe = await stopProbe()
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    for (const document of documents) {
      console.log(`  ${document.file_name}: ${document.status}: ${document.processing_error}`)
    }
    console.log(
      `  probe: ${probe.count} requests in ${seconds} s, p50 ${Math.round(probe.p50)} ms, ` +
        `p99 ${Math.round(probe.p99)} ms, max ${Math.round(probe.max)} ms, ${probe.failures.length} errors`
    )

    const after = await upload(server, token, bucket.body.id, 'policy.docx', honest)
    const honestDocument = await settled(server, token, after.id, Date.now() + 60_000)
    console.log(`  honest DOCX afterwards: ${honestDocument.status}`)

    const problems: string[] = []
    for (const document of documents) {
      if (document.status !== 'failed')
        problems.push(`${document.file_name} ended ${document.status}`)
      else if (/internal error/.test(document.processing_error ?? '')) {
        problems.push(`${document.file_name} failed without a readable reason`)
      }
    }
    if (probe.failures.length) {
      problems.push(`${probe.failures.length} probe errors (first: ${probe.failures[0]})`)
    }
    if (probe.p99 >= PROBE_P99_MS) problems.push(`probe p99 ${Math.round(probe.p99)} ms >= 1 s`)
    if (server.exited) problems.push('the server died')
    if (honestDocument.status !== 'ready') {
      problems.push(`an honest DOCX afterwards ended ${honestDocument.status}`)
    }
    if (problems.length) throw new Error(`document bombs: ${problems.join('; ')}`)
  } finally {
    await server.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
