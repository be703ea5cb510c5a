import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { ExtractionError } from './extraction_error.js'

/** The parts of a DOCX that mammoth inflates and parses (media and embedded objects are never read). */
const PARSED_PART = /\.(xml|rels)$/i

function openZip(bytes: Uint8Array): Promise<ZipFile> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => (error ? reject(error) : resolve(zip))
    )
  })
}

/** Every entry of the central directory. */
function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = []
    zip.on('entry', (entry: Entry) => {
      entries.push(entry)
      zip.readEntry()
    })
    zip.on('end', () => resolve(entries))
    zip.on('error', reject)
    zip.readEntry()
  })
}

/**
 * Inflates one entry as a stream, adding its bytes to a running count, and
 * stops (destroying the stream) as soon as the count passes the budget.
 * yauzl itself fails an entry that inflates past its declared size.
 */
function inflateCounting(zip: ZipFile, entry: Entry, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error)
      let count = 0
      stream.on('data', (chunk: Buffer) => {
        count += chunk.length
        if (count > budget) stream.destroy(new BudgetExceeded())
      })
      stream.on('end', () => resolve(count))
      stream.on('error', reject)
    })
  })
}

class BudgetExceeded extends Error {}

function tooLarge(limit: number) {
  return new ExtractionError(
    `The DOCX archive inflates to more than the limit of ${limit} bytes (a compressed-size bomb or an unusually large document)`
  )
}

/**
 * Refuses a DOCX (ZIP) archive whose XML parts would inflate past `limit`
 * bytes in total: first from the sizes its central directory declares (no
 * byte inflated), then by inflating each part as a stream with a running
 * count, so an archive that lies about its sizes is stopped at the limit
 * too. Runs before mammoth (which inflates whole parts in memory) is given
 * the file. A file that is not a readable ZIP is an ExtractionError.
 */
export async function checkZipBounds(bytes: Uint8Array, limit: number): Promise<void> {
  let zip: ZipFile
  let entries: Entry[]
  try {
    zip = await openZip(bytes)
    entries = await listEntries(zip)
  } catch {
    throw new ExtractionError('The file is not a valid DOCX document (unreadable ZIP archive)')
  }
  const parsed = entries.filter((entry) => PARSED_PART.test(entry.fileName))
  const declared = parsed.reduce((sum, entry) => sum + entry.uncompressedSize, 0)
  if (declared > limit) throw tooLarge(limit)
  let total = 0
  for (const entry of parsed) {
    try {
      total += await inflateCounting(zip, entry, limit - total)
    } catch (error) {
      if (error instanceof BudgetExceeded) throw tooLarge(limit)
      if (/too many bytes/i.test((error as Error).message)) {
        throw new ExtractionError(
          `The DOCX archive is forged: ${entry.fileName} inflates to more than the size its directory declares`
        )
      }
      throw new ExtractionError(
        `The file is not a valid DOCX document (${entry.fileName}: ${(error as Error).message})`
      )
    }
  }
  zip.close()
}
