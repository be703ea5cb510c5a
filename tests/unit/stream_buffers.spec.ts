import { createHash } from 'node:crypto'
import { PassThrough, Readable, Writable, type Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { Disk } from 'flydrive'
import { FSDriver } from 'flydrive/drivers/fs'
import { WorkspaceStorage } from '#core/storage/storage_service'
import { releasingStream } from '#core/runtime/stream_buffers'

const CHUNK = 64 * 1024
const WORKSPACE = '6f1c1d1e-9b1a-4a57-8f51-1b2c3d4e5f60'

/**
 * `megabytes` of fresh 64 KB Buffers, each dropped once consumed, like the
 * chunks of an HTTP request body, through `stage` into a sink that keeps
 * nothing. Answers the digest of what arrived and the largest
 * `arrayBuffers` seen while streaming, above the figure at the start.
 */
async function streamThrough(stage: Transform, megabytes: number) {
  const start = process.memoryUsage().arrayBuffers
  let peak = 0
  let count = 0
  const chunks = Readable.from(
    (function* () {
      for (let index = 0; index < (megabytes * 1024 * 1024) / CHUNK; index++) {
        yield Buffer.alloc(CHUNK, index % 251)
      }
    })(),
    { objectMode: false }
  )
  const digest = createHash('sha256')
  await pipeline(
    chunks,
    stage,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        digest.update(chunk)
        if (++count % 16 === 0) {
          peak = Math.max(peak, process.memoryUsage().arrayBuffers - start)
        }
        callback()
      },
    })
  )
  return { sha256: digest.digest('hex'), peakMb: peak / (1024 * 1024) }
}

test.group('Streams that free their chunks as they pass', () => {
  test('bytes pass unchanged and 96 MB of chunks hold less than 32 MB at a time', async ({
    assert,
  }) => {
    const plain = await streamThrough(new PassThrough(), 8)
    const released = await streamThrough(releasingStream(), 8)
    assert.equal(released.sha256, plain.sha256)

    // Without the young-generation collections, V8 frees dead chunks only at
    // its 64 MB external-memory step, so 96 MB of them would pile up past 60 MB.
    const { peakMb } = await streamThrough(releasingStream(), 96)
    assert.isBelow(peakMb, 32, `${peakMb.toFixed(1)} MB of chunks held at once`)
  })

  test('putStream stores the bytes, and a source that fails rejects it', async ({ assert }) => {
    const location = await mkdtemp(join(tmpdir(), 'aip-stream-buffers-'))
    try {
      const storage = new WorkspaceStorage(
        WORKSPACE,
        new Disk(new FSDriver({ location, visibility: 'private' }))
      )
      const bytes = Buffer.alloc(3 * CHUNK + 5, 7)
      await storage.putStream(
        'content/a',
        Readable.from([bytes.subarray(0, CHUNK), bytes.subarray(CHUNK)])
      )
      assert.deepEqual(Buffer.from(await storage.getBytes('content/a')), bytes)

      const failing = new Readable({
        read() {
          this.destroy(new Error('disk unplugged'))
        },
      })
      await assert.rejects(() => storage.putStream('content/b', failing))
    } finally {
      await rm(location, { recursive: true, force: true })
    }
  })
})
