import { unzipSync, zipSync, zlibSync } from 'fflate'
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib'
import { Document, Packer, Paragraph } from 'docx'

/** Bytes a bomb's payload inflates to (about 50 MB, as in issue 20). */
export const BOMB_INFLATED_BYTES = 50 * 1024 * 1024

/** `unit` repeated until it fills `bytes` (the highly compressible payload of a bomb). */
function repeatTo(unit: string, bytes: number): Uint8Array {
  return new TextEncoder().encode(unit.repeat(Math.ceil(bytes / unit.length)))
}

/**
 * A valid DOCX (made with the docx package) whose `word/document.xml` is
 * replaced by a well-formed one inflating to `inflatedBytes` (about 50 MB:
 * one paragraph repeated), compressed at level 9. The archive's directory
 * declares the true sizes unless `forgeDeclaredSize` is set, in which case the
 * declared uncompressed size of `word/document.xml` is rewritten to a few
 * bytes (in its local header and in the central directory), as an attacker
 * would to slip past a check of declared sizes.
 */
export async function makeDocxBomb(
  options: { inflatedBytes?: number; forgeDeclaredSize?: boolean } = {}
): Promise<Buffer> {
  const honest = await Packer.toBuffer(
    new Document({ sections: [{ children: [new Paragraph({ text: 'Quarterly report' })] }] })
  )
  const files = unzipSync(new Uint8Array(honest))
  const paragraph = '<w:p><w:r><w:t>All work and no play makes a zip bomb.</w:t></w:r></w:p>'
  const original = new TextDecoder().decode(files['word/document.xml'])
  const [head, tail] = original.split(/<w:body>/)
  const prefix = `${head}<w:body>`
  const body = repeatTo(paragraph, (options.inflatedBytes ?? BOMB_INFLATED_BYTES) - prefix.length)
  const rest = new TextEncoder().encode(tail)
  const xml = new Uint8Array(prefix.length + body.length + rest.length)
  xml.set(new TextEncoder().encode(prefix), 0)
  xml.set(body, prefix.length)
  xml.set(rest, prefix.length + body.length)
  files['word/document.xml'] = xml
  const zip = Buffer.from(zipSync(files, { level: 9 }))
  if (options.forgeDeclaredSize) forgeUncompressedSize(zip, 'word/document.xml', 1024)
  return zip
}

/** Rewrites the uncompressed size an entry declares, in its local header and its central directory record. */
function forgeUncompressedSize(zip: Buffer, name: string, size: number) {
  const encodedName = Buffer.from(name)
  for (let offset = 0; offset < zip.length - 4; offset++) {
    const signature = zip.readUInt32LE(offset)
    if (
      signature === 0x04034b50 &&
      zip.subarray(offset + 30, offset + 30 + encodedName.length).equals(encodedName)
    ) {
      zip.writeUInt32LE(size, offset + 22)
    }
    if (
      signature === 0x02014b50 &&
      zip.subarray(offset + 46, offset + 46 + encodedName.length).equals(encodedName)
    ) {
      zip.writeUInt32LE(size, offset + 24)
    }
  }
}

/** Operators repeated in a PDF bomb's content stream: text drawing, or lines that yield no text. */
const PDF_BOMB_OPERATORS = {
  text: 'BT /F1 12 Tf 72 712 Td (All work and no play makes a PDF bomb.) Tj ET\n',
  paths: '72 712 m 540 80 l 0.5 w S\n',
}

/**
 * A one-page PDF (made with pdf-lib) whose page content stream is Flate
 * compressed and inflates to `inflatedBytes` (about 50 MB) of `operators`:
 * text-drawing ones (default), or line-drawing ones that yield no text at
 * all, so PDF.js has to inflate and interpret the whole stream to find out.
 */
export async function makePdfBomb(
  options: { inflatedBytes?: number; operators?: keyof typeof PDF_BOMB_OPERATORS } = {}
): Promise<Buffer> {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  const page = pdf.addPage([612, 792])
  page.node.setFontDictionary(PDFName.of('F1'), font.ref)
  const content = repeatTo(
    PDF_BOMB_OPERATORS[options.operators ?? 'text'],
    options.inflatedBytes ?? BOMB_INFLATED_BYTES
  )
  const stream = pdf.context.stream(zlibSync(content, { level: 9 }), { Filter: 'FlateDecode' })
  page.node.set(PDFName.of('Contents'), pdf.context.register(stream))
  return Buffer.from(await pdf.save())
}
