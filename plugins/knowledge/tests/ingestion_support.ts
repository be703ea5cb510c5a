import type { ApiClient, ApiResponse } from '@japa/api-client'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import type { TestAccount } from '#tests/helpers/accounts'
import { waitFor } from '#tests/helpers/wait_for'

/** A document as the API answers it. */
export type DocumentBody = Record<string, any>

/** Uploads a file into a bucket (multipart) and returns the response. */
export function uploadFile(
  client: ApiClient,
  account: TestAccount,
  bucketId: string,
  fileName: string,
  bytes: Buffer | Uint8Array | string,
  title?: string
) {
  const request = client
    .post('/v1/knowledge/documents/upload')
    .bearerToken(account.token)
    .field('bucket_id', bucketId)
    .file('file', Buffer.from(bytes), { filename: fileName })
  return title ? request.field('title', title) : request
}

/** Creates a document from JSON (`text` or `url`) and returns the response. */
export function createDocument(
  client: ApiClient,
  account: TestAccount,
  body: Record<string, unknown>
) {
  return client.post('/v1/knowledge/documents').bearerToken(account.token).json(body)
}

/** Waits until processing has settled (ready or failed) and returns the document. */
export async function settled(
  client: ApiClient,
  account: TestAccount,
  id: string,
  timeoutMs = 45_000
): Promise<DocumentBody> {
  return waitFor(async () => {
    const response = await client.get(`/v1/knowledge/documents/${id}`).bearerToken(account.token)
    response.assertStatus(200)
    const body = response.body()
    return body.status === 'ready' || body.status === 'failed' ? body : null
  }, timeoutMs)
}

/** Every chunk of a document (all pages), optionally with embeddings. */
export async function allChunks(
  client: ApiClient,
  account: TestAccount,
  documentId: string,
  includeEmbedding = false
): Promise<DocumentBody[]> {
  const chunks: DocumentBody[] = []
  let cursor: string | null = null
  do {
    const response: ApiResponse = await client
      .get(`/v1/knowledge/documents/${documentId}/chunks`)
      .qs({
        limit: 100,
        ...(cursor ? { cursor } : {}),
        ...(includeEmbedding ? { include_embedding: true } : {}),
      })
      .bearerToken(account.token)
    response.assertStatus(200)
    chunks.push(...response.body().data)
    cursor = response.body().next_cursor
  } while (cursor)
  return chunks
}

/** A PDF with a text layer: one page per text (generated with pdf-lib). */
export async function makePdf(pages: string[][]): Promise<Buffer> {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  for (const lines of pages) {
    const page = pdf.addPage([612, 792])
    lines.forEach((line, index) =>
      page.drawText(line, { x: 50, y: 740 - index * 16, size: 11, font })
    )
  }
  return Buffer.from(await pdf.save())
}

/** A PDF whose only page has no text (like a scan without OCR). */
export async function makeImageOnlyPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create()
  const page = pdf.addPage([612, 792])
  page.drawRectangle({ x: 50, y: 50, width: 300, height: 300 })
  return Buffer.from(await pdf.save())
}

/** A DOCX with headings and paragraphs (generated with the docx package). */
export async function makeDocx(
  blocks: Array<{ heading?: string; level?: 1 | 2; text?: string }>
): Promise<Buffer> {
  const children = blocks.map((block) =>
    block.heading
      ? new Paragraph({
          text: block.heading,
          heading: block.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_1,
        })
      : new Paragraph({ text: block.text ?? '' })
  )
  return Packer.toBuffer(new Document({ sections: [{ children }] }))
}

/** A long markdown document: `sections` sections of `paragraphs` distinct paragraphs each. */
export function longMarkdown(sections: number, paragraphs: number, tag = 'base'): string {
  const parts: string[] = ['# Field guide']
  for (let section = 1; section <= sections; section++) {
    parts.push(`## Section ${section}`)
    for (let paragraph = 1; paragraph <= paragraphs; paragraph++) {
      parts.push(
        `Paragraph ${paragraph} of section ${section} (${tag}) explains how the ${['lighthouse', 'orchard', 'harbour', 'glacier', 'vineyard'][paragraph % 5]} keepers record their observations every morning. ` +
          `They note the wind, the tide and the colour of the sky, then compare the numbers with the almanac kept since ${1800 + section * 7 + paragraph}. ` +
          'Anything unusual is written in red ink and discussed at the weekly meeting, where the oldest keeper decides whether it goes into the permanent record.'
      )
    }
  }
  return parts.join('\n\n')
}
