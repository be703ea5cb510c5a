import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { platformEnv } from '../lib/app.ts'
import { registerBenchUser } from '../lib/http_comparison.ts'
import { freePort, startTsChild, waitForHttp, type BenchChild } from '../lib/processes.ts'
import { compareRounds, type Comparison } from '../lib/report.ts'

/** Settings of the content upload scenario. */
export interface ContentUploadOptions {
  databaseUrl: string
  dataDir: string
  /** Size of the uploaded file in MiB. */
  megabytes: number
  rounds: number
}

/** Raw figures of the scenario, written to latest.json. */
export interface ContentUploadDetails {
  settings: Omit<ContentUploadOptions, 'databaseUrl' | 'dataDir'>
  idleRssMb: number[]
  peakRssMb: number[]
  riseMb: number[]
  seconds: number[]
}

/** Resident memory of a process in MiB (Linux /proc). */
function rssMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN)
  return kb / 1024
}

/** An MP4 header (ftyp), then an `mdat` box of `bytes` and a `moov` with a duration. */
function* mp4Parts(bytes: number) {
  const box = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8)
    head.writeUInt32BE(8 + body.length, 0)
    head.write(type, 4, 'latin1')
    return Buffer.concat([head, body])
  }
  yield box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2mp41', 'latin1'))
  const mdatHead = Buffer.alloc(8)
  mdatHead.writeUInt32BE(8 + bytes, 0)
  mdatHead.write('mdat', 4, 'latin1')
  yield mdatHead
  const chunk = randomBytes(1024 * 1024)
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    yield chunk.subarray(0, Math.min(chunk.length, bytes - sent))
  }
  const mvhd = Buffer.alloc(100)
  mvhd.writeUInt32BE(1000, 12)
  mvhd.writeUInt32BE(60_000, 16)
  yield box('moov', box('mvhd', mvhd))
}

/** Streams a multipart upload of a generated file (the client holds one MiB at a time). */
function upload(baseUrl: string, token: string, bytes: number): Promise<number> {
  const boundary = `----aip${randomBytes(8).toString('hex')}`
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}/v1/content/assets`,
      {
        method: 'POST',
        headers: {
          'authorization': `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'transfer-encoding': 'chunked',
        },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      }
    )
    req.on('error', reject)
    const parts = mp4Parts(bytes)
    const write = () => {
      req.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="tags"\r\n\r\nbench\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`
      )
      const next = () => {
        for (;;) {
          const part = parts.next()
          if (part.done) {
            req.end(`\r\n--${boundary}--\r\n`)
            return
          }
          if (!req.write(part.value)) {
            req.once('drain', next)
            return
          }
        }
      }
      next()
    }
    write()
  })
}

/**
 * Scenario (m): uploads a large file to `POST /v1/content/assets` and samples
 * the server's resident memory every 10 ms. The baseline is the idle server
 * just before each upload, in the same process: a streamed upload keeps the
 * peak close to it (the file goes through a fixed-size pipeline to a
 * temporary file, then to storage), a buffered one would add the file's size.
 * Round 1 is the first upload after the server's start (no warm-up).
 */
export async function runContentUpload(
  options: ContentUploadOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: ContentUploadDetails }> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const bytes = Math.round(options.megabytes * 1024 * 1024)
  let server: BenchChild | undefined
  try {
    log(`starting the platform server on ${baseUrl}`)
    server = startTsChild(
      'platform server',
      'core/bin/server.ts',
      platformEnv(options.databaseUrl, options.dataDir, {
        HOST: '127.0.0.1',
        PORT: String(port),
        PLUGINS: 'campaigns,content',
        CONTENT_MAX_ASSET_BYTES: String(bytes + 1024 * 1024),
      })
    )
    await waitForHttp(`${baseUrl}/health/live`, server, 120_000)
    const token = await registerBenchUser(baseUrl, 'bench-content')
    const pid = server.process.pid!
    // No warm-up upload: round 1 is the first upload after the start, the one
    // that used to lift the resident memory once (core/runtime/stream_buffers.ts).

    const details: ContentUploadDetails = {
      settings: { megabytes: options.megabytes, rounds: options.rounds },
      idleRssMb: [],
      peakRssMb: [],
      riseMb: [],
      seconds: [],
    }
    for (let round = 0; round < options.rounds; round++) {
      await sleep(500)
      const idle = rssMb(pid)
      let peak = idle
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssMb(pid))
      }, 10)
      const started = performance.now()
      const status = await upload(baseUrl, token, bytes)
      const seconds = (performance.now() - started) / 1000
      clearInterval(sampler)
      peak = Math.max(peak, rssMb(pid))
      if (status !== 201) throw new Error(`upload answered ${status}`)
      details.idleRssMb.push(idle)
      details.peakRssMb.push(peak)
      details.riseMb.push(peak - idle)
      details.seconds.push(seconds)
      log(
        `round ${round + 1}: idle ${idle.toFixed(1)} MB, peak ${peak.toFixed(1)} MB (+${(peak - idle).toFixed(1)} MB), ${seconds.toFixed(2)} s`
      )
    }
    const riseMax = Math.max(...details.riseMb)
    const comparison = compareRounds(
      'content-upload',
      `peak server RSS while uploading ${options.megabytes} MB`,
      'MB',
      details.peakRssMb,
      details.idleRssMb,
      {
        platform: `largest rise ${riseMax.toFixed(1)} MB; ${(options.megabytes / Math.max(...details.seconds)).toFixed(0)}+ MB/s`,
        baseline: 'idle server, just before each upload',
      }
    )
    return { comparisons: [comparison], details }
  } finally {
    await server?.stop()
  }
}
