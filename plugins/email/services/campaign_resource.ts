import { column, defineResource } from '#sdk'

/** Statuses of a campaign. */
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'sent', 'failed'] as const

const count = (t: string, condition: string) =>
  `select count(*)::int from email_sends s where s.workspace_id = ${t}.workspace_id and s.campaign_id = ${t}.id and ${condition}`
const events = (t: string, condition: string) =>
  `select count(*)::int from email_events e where e.workspace_id = ${t}.workspace_id and e.campaign_id = ${t}.id and ${condition}`

/**
 * An e-mail campaign (table `email_campaigns`) with its delivery statistics,
 * counted from the send ledger and the events. `open_rate` and `click_rate`
 * (the seed's columns) count human events only, per sent message, in percent.
 */
export const campaignResource = defineResource({
  name: 'EmailCampaign',
  table: 'email_campaigns',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    created_by: column.uuid().nullable(),
    name: column.text().required().writable(),
    subject_line: column
      .text()
      .nullable()
      .required()
      .writable()
      .openapi({ description: "Overrides the template's subject when set" }),
    from_address: column.text().nullable().required(),
    template_id: column.uuid().nullable().required().writable(),
    segment_id: column.uuid().nullable().required().writable(),
    recipient_list: column.jsonb<unknown[]>().required().schema({ type: 'array' }),
    status: column.enum(CAMPAIGN_STATUSES).required(),
    scheduled_for: column.timestamp().nullable().required().writable(),
    sent_at: column.timestamp().nullable().required(),
    open_rate: column
      .numeric()
      .nullable()
      .required()
      .computed(
        (t) =>
          `select case when sent.n = 0 then null else round(100.0 * (select count(distinct e.contact_id) from email_events e where e.workspace_id = ${t}.workspace_id and e.campaign_id = ${t}.id and e.event_type = 'opened' and not e.is_machine) / sent.n, 2)::float8 end from (${count(t, "s.status = 'sent'")}) as sent (n)`
      )
      .openapi({
        description: 'Percent of sent messages with a human open (machine events excluded)',
      }),
    click_rate: column
      .numeric()
      .nullable()
      .required()
      .computed(
        (t) =>
          `select case when sent.n = 0 then null else round(100.0 * (select count(distinct e.contact_id) from email_events e where e.workspace_id = ${t}.workspace_id and e.campaign_id = ${t}.id and e.event_type = 'clicked' and not e.is_machine) / sent.n, 2)::float8 end from (${count(t, "s.status = 'sent'")}) as sent (n)`
      )
      .openapi({
        description: 'Percent of sent messages with a human click (machine events excluded)',
      }),
    tracking: column
      .boolean()
      .required()
      .writable()
      .openapi({ description: 'Open pixel and click redirects in the HTML part' }),
    metadata: column.jsonb().required().writable(),
    stats: column
      .jsonb()
      .required()
      .computed(
        (t) => `json_build_object(
          'recipients', (${count(t, 'true')}),
          'pending', (${count(t, "s.status in ('pending', 'sending')")}),
          'sent', (${count(t, "s.status = 'sent'")}),
          'failed', (${count(t, "s.status = 'failed'")}),
          'skipped', (${count(t, "s.status = 'skipped'")}),
          'delivered', (${events(t, "e.event_type = 'delivered'")}),
          'bounced', (${events(t, "e.event_type = 'bounced'")}),
          'unsubscribed', (${events(t, "e.event_type = 'unsubscribed'")}),
          'complained', (${events(t, "e.event_type = 'complained'")}),
          'opens', (${events(t, "e.event_type = 'opened'")}),
          'opens_human', (${events(t, "e.event_type = 'opened' and not e.is_machine")}),
          'clicks', (${events(t, "e.event_type = 'clicked'")}),
          'clicks_human', (${events(t, "e.event_type = 'clicked' and not e.is_machine")}))`
      )
      .schema({
        type: 'object',
        required: [
          'recipients',
          'pending',
          'sent',
          'failed',
          'skipped',
          'delivered',
          'bounced',
          'unsubscribed',
          'complained',
          'opens',
          'opens_human',
          'clicks',
          'clicks_human',
        ],
        properties: Object.fromEntries(
          [
            'recipients',
            'pending',
            'sent',
            'failed',
            'skipped',
            'delivered',
            'bounced',
            'unsubscribed',
            'complained',
            'opens',
            'opens_human',
            'clicks',
            'clicks_human',
          ].map((key) => [key, { type: 'integer' }])
        ),
      }),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})
/** A campaign row. */
export type CampaignRow = typeof campaignResource.$row
