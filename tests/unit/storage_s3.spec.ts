import { createReadStream } from 'node:fs'
import { randomBytes, randomUUID } from 'node:crypto'
import { unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { Readable } from 'node:stream'
import { Disk } from 'flydrive'
import { S3Driver } from 'flydrive/drivers/s3'
import { WorkspaceStorage } from '#core/storage/storage_service'
import { FakeS3 } from '#tests/helpers/fake_s3'

const WORKSPACE = '6f1c1d1e-9b1a-4a57-8f51-1b2c3d4e5f60'
const OTHER = '0b7e2f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b'

test.group('Workspace storage on an S3-compatible disk', (group) => {
  const s3 = new FakeS3('aip-test', 'AKIATESTKEY')
  let endpoint: string
  group.setup(async () => {
    endpoint = await s3.start()
    return () => s3.stop()
  })

  /** A disk configured like `services.s3()` in core/config/drive.ts with DRIVE_DISK=s3. */
  const disk = () =>
    new Disk(
      new S3Driver({
        bucket: 'aip-test',
        region: 'us-east-1',
        endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'AKIATESTKEY', secretAccessKey: 'secret' },
        visibility: 'private',
        supportsACL: false,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      })
    )

  test('files go under the workspace prefix, are read back, listed across pages and deleted', async ({
    assert,
  }) => {
    const storage = new WorkspaceStorage(WORKSPACE, disk())
    const other = new WorkspaceStorage(OTHER, disk())
    await storage.put('privacy/exports/a.zip', new Uint8Array([1, 2, 3]), 'application/zip')
    for (const name of ['x', 'y', 'z']) await storage.put(`notes/u1/${name}.txt`, name)
    await storage.put('notes/u2/w.txt', 'w')
    await other.put('notes/u1/foreign.txt', 'foreign')

    assert.isTrue(s3.objects.has(`workspaces/${WORKSPACE}/privacy/exports/a.zip`))
    assert.equal(
      s3.objects.get(`workspaces/${WORKSPACE}/privacy/exports/a.zip`)!.contentType,
      'application/zip'
    )
    assert.deepEqual([...(await storage.getBytes('privacy/exports/a.zip'))], [1, 2, 3])
    assert.equal(await storage.size('privacy/exports/a.zip'), 3)
    assert.isTrue(await storage.exists('notes/u1/x.txt'))
    assert.isFalse(await storage.exists('notes/u1/missing.txt'))

    // Three keys at two per page: the listing follows the continuation token.
    assert.sameMembers(await storage.list('notes/u1'), [
      'notes/u1/x.txt',
      'notes/u1/y.txt',
      'notes/u1/z.txt',
    ])
    assert.deepEqual(await other.list('notes/u1'), ['notes/u1/foreign.txt'])
    const listings = s3.requests.filter((request) => /^\/aip-test\/?$/.test(request.path))
    assert.lengthOf(listings, 3, 'two pages for the workspace, one for the other')

    await storage.delete('notes/u1/x.txt')
    await storage.delete('notes/u1/never-existed.txt')
    assert.isFalse(await storage.exists('notes/u1/x.txt'))
    assert.isTrue(await other.exists('notes/u1/foreign.txt'))
    assert.isTrue(s3.requests.some((request) => request.method === 'DELETE'))
  })

  test('a file written from a stream (a privacy export archive) is stored whole', async ({
    assert,
  }) => {
    const storage = new WorkspaceStorage(WORKSPACE, disk())
    const parts = [Buffer.from('first part, '), Buffer.from('second part, '), Buffer.from('end')]
    await storage.putStream('privacy/exports/s.zip', Readable.from(parts), 'application/zip')
    assert.equal(
      Buffer.from(await storage.getBytes('privacy/exports/s.zip')).toString(),
      'first part, second part, end'
    )
    assert.equal(
      s3.objects.get(`workspaces/${WORKSPACE}/privacy/exports/s.zip`)!.contentType,
      'application/zip'
    )
  })

  test('a wrong access key is refused by the service and surfaces as an error', async ({
    assert,
  }) => {
    const storage = new WorkspaceStorage(
      WORKSPACE,
      new Disk(
        new S3Driver({
          bucket: 'aip-test',
          region: 'us-east-1',
          endpoint,
          forcePathStyle: true,
          credentials: { accessKeyId: 'AKIAWRONG', secretAccessKey: 'secret' },
          visibility: 'private',
          supportsACL: false,
        })
      )
    )
    await assert.rejects(() => storage.put('a.txt', 'a'))
  })

  test('putStream sends a file from a stream (an upload temporary file)', async ({ assert }) => {
    const storage = new WorkspaceStorage(WORKSPACE, disk())
    const bytes = randomBytes(3 * 1024 * 1024 + 17)
    const path = join(tmpdir(), `aip-s3-stream-${randomUUID()}`)
    await writeFile(path, bytes)
    try {
      await storage.putStream(
        'content/assets/a/original',
        createReadStream(path),
        'video/mp4',
        bytes.length
      )
    } finally {
      await unlink(path)
    }
    const stored = s3.objects.get(`workspaces/${WORKSPACE}/content/assets/a/original`)!
    assert.equal(stored.contentType, 'video/mp4')
    // S3 takes a stream only with its length (no chunked PutObject)
    assert.equal(stored.contentLength, String(bytes.length))
    assert.isTrue(Buffer.from(await storage.getBytes('content/assets/a/original')).equals(bytes))
  })
})
