import { ExtractionError } from './extraction_error.js'

/** The file types the knowledge base ingests (the `file_type` column). */
export const KNOWLEDGE_FILE_TYPES = ['txt', 'md', 'html', 'pdf', 'docx'] as const
/** One of KNOWLEDGE_FILE_TYPES. */
export type KnowledgeFileType = (typeof KNOWLEDGE_FILE_TYPES)[number]

/** File name extensions accepted for each type. */
const EXTENSIONS: Record<string, KnowledgeFileType> = {
  txt: 'txt',
  text: 'txt',
  md: 'md',
  markdown: 'md',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  pdf: 'pdf',
  docx: 'docx',
}

/** The MIME type stored and served for each type. */
export const MIME_TYPES: Record<KnowledgeFileType, string> = {
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
}

/** Media types a URL may answer with, and the type each means. */
export const URL_CONTENT_TYPES: Record<string, KnowledgeFileType> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/x-markdown': 'md',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
}

/** The type a file name's extension claims, or null when it is not one we ingest. */
export function typeFromFileName(fileName: string): KnowledgeFileType | null {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(fileName.trim())
  return match ? (EXTENSIONS[match[1].toLowerCase()] ?? null) : null
}

const PDF_MAGIC = Buffer.from('%PDF-')
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04])

/** What the bytes look like: a PDF, a ZIP container (DOCX), UTF-8 text, or other binary. */
function sniffContent(bytes: Uint8Array): 'pdf' | 'zip' | 'text' | 'binary' {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // PDF readers accept the header within the first KB (some generators prepend junk).
  if (buffer.subarray(0, 1024).indexOf(PDF_MAGIC) !== -1) return 'pdf'
  if (buffer.subarray(0, 4).equals(ZIP_MAGIC)) return 'zip'
  return decodeUtf8(buffer) === null ? 'binary' : 'text'
}

/** The bytes as UTF-8 text (BOM removed), or null when they are not text (invalid UTF-8 or NUL bytes). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return null
  }
  if (text.includes('\u0000')) return null
  return text
}

/**
 * Checks that the content really is what the name (or the server) claims:
 * `%PDF-` for pdf, a ZIP container for docx, valid UTF-8 text for txt, md and
 * html. Throws an ExtractionError saying what the file looks like instead.
 */
export function checkContentMatches(type: KnowledgeFileType, bytes: Uint8Array): void {
  if (bytes.byteLength === 0) throw new ExtractionError('The file is empty')
  const sniffed = sniffContent(bytes)
  const expected = type === 'pdf' ? 'pdf' : type === 'docx' ? 'zip' : 'text'
  if (sniffed === expected) return
  const looks = {
    pdf: 'a PDF document',
    zip: 'a ZIP archive (e.g. a Word or other Office document)',
    text: 'plain text',
    binary: 'binary data that is not UTF-8 text',
  }[sniffed]
  const wanted = {
    pdf: 'a PDF document (it does not start with %PDF-)',
    zip: 'a DOCX document (it is not a ZIP container)',
    text: 'UTF-8 text',
  }[expected]
  throw new ExtractionError(
    `The file is declared as .${type} but its content is ${looks}, not ${wanted}`
  )
}
