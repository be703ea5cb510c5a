import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { unzipSync, strToU8 } from 'fflate'
import { ArchiveWriter } from '#modules/privacy/services/archive_writer'

/** A stream of `count` random chunks of `size` bytes (incompressible), and their concatenation. */
function randomFile(count: number, size: number) {
  const chunks = Array.from({ length: count }, () => randomBytes(size))
  return { stream: Readable.from(chunks), bytes: Buffer.concat(chunks) }
}

async function collect(stream: Readable) {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

test.group('Privacy exports: streamed archive', () => {
  test('entries from bytes and from streams unzip to what was added', async ({ assert }) => {
    const writer = new ArchiveWriter(new Date('2026-01-02T03:04:05Z'))
    const output = collect(writer.stream)
    const file = randomFile(20, 64 * 1024)
    await writer.add('table.json', strToU8('[{"id":1}]'))
    assert.equal(await writer.addStream('files/a.bin', file.stream), file.bytes.byteLength)
    await writer.add('manifest.json', strToU8('{}'))
    writer.end()
    const zip = await output
    assert.equal(writer.bytes, zip.byteLength)
    const entries = unzipSync(zip)
    assert.sameMembers(Object.keys(entries), ['table.json', 'files/a.bin', 'manifest.json'])
    assert.equal(Buffer.from(entries['table.json']).toString(), '[{"id":1}]')
    assert.isTrue(Buffer.from(entries['files/a.bin']).equals(file.bytes))
  })

  test('a file is read only as fast as the archive is written', async ({ assert }) => {
    const writer = new ArchiveWriter(new Date())
    const file = randomFile(64, 64 * 1024) // 4 MB
    let done = false
    const adding = writer.addStream('files/big.bin', file.stream).then(() => (done = true))
    await sleep(100)
    // Nobody reads the archive yet: the writer waits instead of buffering the file.
    assert.isFalse(done)
    assert.isBelow(writer.stream.readableLength + writer.stream.writableLength, 1024 * 1024)
    const output = collect(writer.stream)
    await adding
    writer.end()
    const entries = unzipSync(await output)
    assert.isTrue(Buffer.from(entries['files/big.bin']).equals(file.bytes))
  })
})
