import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { registerAccount } from '#tests/helpers/accounts'
import { captureLead } from '../services/index.js'
import { asAccount, asAnonymous } from './helpers.js'

const submission = (email: string, extra: Record<string, unknown> = {}) => ({
  email,
  first_name: 'Ada',
  last_name: 'Lovelace',
  company: 'Analytical Engines',
  source: 'embed:pricing',
  consent: { marketing: true, text: 'Send me product news' },
  fields: { plan: 'team' },
  activity: { type: 'form_filled' as const, description: 'Pricing form' },
  ...extra,
})

/** Inserts a scoring rule directly (the rules API has its own tests). */
async function insertRule(workspaceId: string, rule: Record<string, unknown>) {
  await db
    .table('lead_scoring_rules')
    .insert({ workspace_id: workspaceId, ...rule, conditions: JSON.stringify(rule.conditions) })
}

test.group('Leads: captureLead (public service)', () => {
  test('creates a lead as app_anon, adds the activity with consent, and scores it', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'capture')
    const workspaceId = account.personalWorkspaceId
    await insertRule(workspaceId, {
      rule_name: 'Filled a form',
      category: 'engagement',
      score_weight: 30,
      conditions: { all: [{ activity: 'form_filled' }] },
    })
    await insertRule(workspaceId, {
      rule_name: 'Has a company',
      category: 'fit',
      score_weight: 15,
      conditions: { all: [{ field: 'company', op: 'exists' }] },
    })

    const result = await asAnonymous(workspaceId, () => captureLead(submission('Ada@Example.test')))
    assert.isTrue(result.created)
    assert.equal(result.score, 45)

    const lead = await db.from('leads').where('id', result.leadId).firstOrFail()
    assert.equal(lead.workspace_id, workspaceId)
    assert.equal(lead.email, 'ada@example.test')
    assert.equal(lead.lead_score, 45)
    assert.isTrue(lead.marketing_consent)
    assert.equal(lead.consent_text, 'Send me product news')
    assert.isNotNull(lead.consent_recorded_at)
    assert.isNull(lead.created_by)
    assert.deepEqual(lead.custom_fields, { plan: 'team' })
    const activities = await db.from('lead_activities').where('lead_id', result.leadId)
    assert.lengthOf(activities, 1)
    assert.equal(activities[0].activity_type, 'form_filled')
    assert.deepEqual(activities[0].activity_data.consent, {
      marketing: true,
      text: 'Send me product news',
    })
    const score = await db.from('lead_scores').where('lead_id', result.leadId).firstOrFail()
    assert.equal(score.score, 45)
    assert.sameMembers(
      score.explanation.map((item: { rule_name: string }) => item.rule_name),
      ['Filled a form', 'Has a company']
    )
  })

  test('merges a second submission with the same e-mail in any case', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'capturemerge')
    const workspaceId = account.personalWorkspaceId
    await insertRule(workspaceId, {
      rule_name: 'Two forms',
      category: 'engagement',
      score_weight: 40,
      conditions: { all: [{ activity: 'form_filled', min_count: 2 }] },
    })
    const first = await asAnonymous(workspaceId, () =>
      captureLead(submission('grace@example.test'))
    )
    assert.equal(first.score, 0)
    const second = await asAnonymous(workspaceId, () =>
      captureLead(
        submission('GRACE@example.test', {
          first_name: 'Grace',
          last_name: null,
          company: null,
          consent: { marketing: false },
          fields: { role: 'admiral' },
        })
      )
    )
    assert.isFalse(second.created)
    assert.equal(second.leadId, first.leadId)
    assert.equal(second.score, 40)
    const events = await db
      .from('webhook_events')
      .where('workspace_id', workspaceId)
      .whereLike('event_type', 'lead.%')
      .select('event_type', 'payload')
    const byType = (type: string) => events.filter((event) => event.event_type === type)
    assert.lengthOf(events, 3)
    assert.equal(byType('lead.created')[0].payload.lead.email, 'grace@example.test')
    assert.equal(byType('lead.updated')[0].payload.lead.first_name, 'Grace')
    assert.deepEqual(byType('lead.score_changed')[0].payload, {
      lead_id: first.leadId,
      previous_score: 0,
      score: 40,
    })

    const leads = await db.from('leads').where('workspace_id', workspaceId)
    assert.lengthOf(leads, 1)
    assert.equal(leads[0].first_name, 'Grace')
    assert.equal(leads[0].last_name, 'Lovelace', 'a missing value keeps the stored one')
    assert.equal(leads[0].company, 'Analytical Engines')
    assert.equal(leads[0].source, 'embed:pricing')
    assert.isFalse(leads[0].marketing_consent, 'the latest consent statement wins')
    assert.deepEqual(leads[0].custom_fields, { plan: 'team', role: 'admiral' })
    const activities = await db.from('lead_activities').where('lead_id', first.leadId)
    assert.lengthOf(activities, 2)
  })

  test('an anonymous submission cannot reach another workspace', async ({ client, assert }) => {
    const owner = await registerAccount(client, 'captureowner')
    const other = await registerAccount(client, 'captureother')
    const mine = await asAccount(owner, () => captureLead(submission('same@example.test')))
    const theirs = await asAnonymous(other.personalWorkspaceId, () =>
      captureLead(submission('same@example.test'))
    )
    assert.isTrue(theirs.created)
    assert.notEqual(theirs.leadId, mine.leadId)

    // As app_anon for the other workspace, the owner's lead is invisible and untouchable.
    const seen = await asAnonymous(other.personalWorkspaceId, async () => {
      const { tenant } = await import('#sdk')
      const { trx } = tenant()
      const rows = await trx.from('leads').where('id', mine.leadId)
      const updated = await trx.from('leads').where('id', mine.leadId).update({ company: 'x' })
      const removed = await trx
        .from('leads')
        .where('id', theirs.leadId)
        .delete()
        .catch((error: { code?: string }) => error.code)
      return { rows: rows.length, updated: Number(updated), removed }
    })
    assert.deepEqual(seen, { rows: 0, updated: 0, removed: '42501' })
  })

  test('refuses an invalid e-mail without writing anything', async ({ client, assert }) => {
    const account = await registerAccount(client, 'capturebad')
    await assert.rejects(() =>
      asAnonymous(account.personalWorkspaceId, () => captureLead(submission('not-an-email')))
    )
    const leads = await db.from('leads').where('workspace_id', account.personalWorkspaceId)
    assert.lengthOf(leads, 0)
  })
})
