import { once } from 'node:events'
import { PassThrough, type Readable } from 'node:stream'
import { Zip, ZipDeflate } from 'fflate'

/**
 * A zip archive written as a stream: entries are deflated as they are added
 * and the bytes flow to `stream` (handed to storage's putStream), waiting for
 * the reader when it is behind. A privacy export thus holds one chunk of a
 * file at a time, not the archive nor its files, whatever the account's size.
 */
export class ArchiveWriter {
  readonly stream = new PassThrough()
  /** Bytes of the archive written so far. */
  bytes = 0
  #zip: Zip

  constructor(
    private mtime: Date,
    private level: 6 = 6
  ) {
    this.#zip = new Zip((error, chunk, final) => {
      if (error) {
        this.stream.destroy(error)
        return
      }
      this.bytes += chunk.byteLength
      this.stream.write(chunk)
      if (final) this.stream.end()
    })
  }

  /** Adds an entry from bytes already in memory (a table's JSON, the manifest). */
  async add(name: string, data: Uint8Array) {
    const entry = this.#entry(name)
    entry.push(data, true)
    await this.#drained()
  }

  /** Adds an entry from a stream (a stored file), chunk by chunk; returns its size. */
  async addStream(name: string, source: Readable): Promise<number> {
    const entry = this.#entry(name)
    let size = 0
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array)
      size += bytes.byteLength
      entry.push(bytes)
      await this.#drained()
    }
    entry.push(new Uint8Array(0), true)
    await this.#drained()
    return size
  }

  /** Writes the central directory and ends the stream. */
  end() {
    this.#zip.end()
  }

  /** Stops the archive (an error while building it): its reader fails too. */
  abort(error: Error) {
    this.#zip.terminate()
    this.stream.destroy(error)
  }

  #entry(name: string) {
    const entry = new ZipDeflate(name, { level: this.level })
    entry.mtime = this.mtime
    this.#zip.add(entry)
    return entry
  }

  async #drained() {
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain')
  }
}
