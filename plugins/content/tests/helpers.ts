import type { ApiClient } from '@japa/api-client'
import type { TestAccount } from '#tests/helpers/accounts'

/** Creates a calendar entry through the API and returns its body. */
export async function createEntry(
  client: ApiClient,
  account: TestAccount,
  body: Record<string, unknown>,
  workspaceId?: string
) {
  const request = client.post('/v1/content/calendar/entries').bearerToken(account.token)
  if (workspaceId) request.header('x-workspace-id', workspaceId)
  const response = await request.json({ content_type: 'blog', ...body })
  if (response.status() !== 201) {
    throw new Error(`entry creation failed: ${response.status()} ${response.text()}`)
  }
  return response.body()
}

/** Uploads a file to the asset library and returns the response. */
export function uploadAsset(
  client: ApiClient,
  account: TestAccount,
  bytes: Buffer,
  filename: string,
  fields: Record<string, string> = {}
) {
  const request = client
    .post('/v1/content/assets')
    .bearerToken(account.token)
    .file('file', bytes, { filename })
  for (const [name, value] of Object.entries(fields)) request.field(name, value)
  return request
}

/** A minimal valid one-page PDF. */
export function tinyPdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((object, index) => {
    offsets.push(body.length)
    body += `${index + 1} 0 obj\n${object}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}
