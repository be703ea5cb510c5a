import { type TenantContext } from '#sdk'
import { importContactsFromLeads } from '../services/contact_service.js'
import { compileTemplate } from '../services/template_service.js'

/** The demo newsletter template (MJML with merge fields and the unsubscribe link). */
const NEWSLETTER_MJML = `<mjml>
  <mj-body background-color="#f4f4f7">
    <mj-section background-color="#ffffff">
      <mj-column>
        <mj-text font-size="20px" font-weight="bold">Hello {{ first_name | default: "there" }},</mj-text>
        <mj-text>Here is what changed this month at {{ company | default: "your company" }}'s favourite marketing platform.</mj-text>
        <mj-button href="https://example.com/whats-new">Read the update</mj-button>
        <mj-text font-size="12px" color="#666666">You receive this because you agreed to hear from us. <a href="{{ unsubscribe_url }}">Unsubscribe</a>.</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`

/**
 * Demo data of the email plugin: contacts from the demo leads that gave
 * consent (the leads seed runs first: email depends on leads), a newsletter
 * template, a segment of newsletter subscribers, a draft campaign, and a
 * paused automation (resume it to see it run: it mails whoever is tagged `vip`).
 */
export default async function seedEmail({ trx, workspaceId, userId }: TenantContext) {
  await importContactsFromLeads({ add_tags: ['demo'] })
  const subject = 'What is new this month, {{ first_name | default: "friend" }}'
  const compiled = await compileTemplate({ subject_line: subject, mjml_content: NEWSLETTER_MJML })
  const [template] = await trx
    .insertQuery()
    .table('email_templates')
    .insert({
      workspace_id: workspaceId,
      created_by: userId,
      name: 'Monthly newsletter',
      subject_line: subject,
      mjml_content: NEWSLETTER_MJML,
      html_content: compiled.html_content,
      variables: JSON.stringify(compiled.variables),
    })
    .returning(['id'])
  const [segment] = await trx
    .insertQuery()
    .table('email_segments')
    .insert({
      workspace_id: workspaceId,
      created_by: userId,
      name: 'Newsletter subscribers',
      conditions: JSON.stringify({ tags_any: ['newsletter'] }),
    })
    .returning(['id'])
  await trx.insertQuery().table('email_campaigns').insert({
    workspace_id: workspaceId,
    created_by: userId,
    name: 'Monthly newsletter (draft)',
    template_id: template.id,
    segment_id: segment.id,
  })
  await trx
    .insertQuery()
    .table('email_automation_rules')
    .insert({
      workspace_id: workspaceId,
      created_by: userId,
      rule_name: 'Welcome VIPs (paused)',
      trigger_type: 'tag_added',
      trigger_conditions: JSON.stringify({ tag: 'vip' }),
      action_type: 'sequence',
      action_config: JSON.stringify({
        steps: [
          { type: 'send_template', template_id: template.id },
          { type: 'wait', duration_seconds: 2 * 86_400 },
          { type: 'branch_clicked', step: 0, within_seconds: 3 * 86_400, if_not_clicked: null },
          { type: 'add_tag', tag: 'engaged' },
        ],
      }),
      is_active: false,
    })
}
