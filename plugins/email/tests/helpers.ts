import type { ApiClient } from '@japa/api-client'
import type { TestAccount } from '#tests/helpers/accounts'

/** A JSON request as the account in its personal workspace (or `workspaceId`). */
export function as(client: ApiClient, account: TestAccount, workspaceId?: string) {
  const withAuth = <T extends { bearerToken(token: string): T; header(k: string, v: string): T }>(
    request: T
  ) => {
    const authed = request.bearerToken(account.token)
    return workspaceId ? authed.header('x-workspace-id', workspaceId) : authed
  }
  return {
    get: (path: string) => withAuth(client.get(path)),
    post: (path: string, body: Record<string, unknown> = {}) =>
      withAuth(client.post(path)).json(body),
    patch: (path: string, body: Record<string, unknown> = {}) =>
      withAuth(client.patch(path)).json(body),
    delete: (path: string) => withAuth(client.delete(path)),
  }
}

/** The MJML newsletter the tests send: merge fields, a link and the unsubscribe link. */
export const NEWSLETTER = `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hello {{ first_name }} from {{ company }}!</mj-text>
<mj-button href="https://shop.example/sale">Shop the sale</mj-button>
<mj-text><a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`

/** Creates a subscribed contact (consent given) and returns it. */
export async function addContact(
  api: ReturnType<typeof as>,
  email: string,
  extra: Record<string, unknown> = {}
) {
  const response = await api.post('/v1/email/contacts', {
    email,
    consent_source: 'test form',
    ...extra,
  })
  if (response.status() !== 201) throw new Error(`contact: ${response.status()} ${response.text()}`)
  return response.body()
}

/** A template, a segment of `tag` and a draft campaign of both. */
export async function draftCampaign(api: ReturnType<typeof as>, tag: string) {
  const template = await api.post('/v1/email/templates', {
    name: 'Sale',
    subject_line: 'Sale for {{ first_name }}',
    mjml_content: NEWSLETTER,
  })
  if (template.status() !== 201)
    throw new Error(`template: ${template.status()} ${template.text()}`)
  const segment = await api.post('/v1/email/segments', {
    name: tag,
    conditions: { tags_any: [tag] },
  })
  if (segment.status() !== 201) throw new Error(`segment: ${segment.status()} ${segment.text()}`)
  const campaign = await api.post('/v1/email/campaigns', {
    name: `Campaign ${tag}`,
    template_id: template.body().id,
    segment_id: segment.body().id,
  })
  if (campaign.status() !== 201)
    throw new Error(`campaign: ${campaign.status()} ${campaign.text()}`)
  return { template: template.body(), segment: segment.body(), campaign: campaign.body() }
}
