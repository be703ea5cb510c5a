import { isPluginEnabled, mailConfig, queueMail, type MailMessage } from '#sdk'
import { memberMailAddress } from '#modules/identity/services/index'
import type { WeekTotals } from './report_statistics.js'

/** What happened to the weekly report's mail, stored as the report's `summary.mail`. */
export interface ReportMailStatus {
  /** `queued`: sent after commit; `already_sent`: an earlier generation of the week mailed it; `not_sent`: see `reason`. */
  status: 'queued' | 'already_sent' | 'not_sent'
  reason?: string
  to?: string
  mailed_at?: string
}

/** The numbers and sentences the mail carries (the report's own). */
export interface ReportMailContent {
  reportId: string
  weekStart: string
  weekEnd: string
  current: WeekTotals
  weekOverWeek: Record<string, { previous: number; current: number; change_pct: number | null }>
  topChannel: string | null
  sentences: string[]
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

const ROWS: Array<{ key: keyof WeekTotals; label: string }> = [
  { key: 'leads', label: 'Leads' },
  { key: 'spend', label: 'Spend' },
  { key: 'revenue', label: 'Revenue' },
  { key: 'conversions', label: 'Conversions' },
  { key: 'roi', label: 'ROI' },
]

/** The weekly report as a mail: subject, text part and an HTML part with every value escaped. */
export function composeReportMail(content: ReportMailContent, to: string): MailMessage {
  const link = `${mailConfig.linkBaseUrl}/v1/autopilot/reports/${encodeURIComponent(content.reportId)}`
  const subject = `Autopilot weekly report ${content.weekStart} – ${content.weekEnd}: ${content.current.leads} leads, ${content.current.spend} spent`
  const change = (key: keyof WeekTotals) => {
    const pct = content.weekOverWeek[key]?.change_pct
    return pct === null || pct === undefined ? 'n/a' : `${pct > 0 ? '+' : ''}${pct} %`
  }
  const lines = ROWS.map(
    (row) => `${row.label}: ${content.current[row.key]} (week over week ${change(row.key)})`
  )
  const top = `Top channel: ${content.topChannel ?? 'none (no conversions)'}`
  const highlights = content.sentences.length
    ? content.sentences.map((sentence) => `- ${sentence}`).join('\n')
    : 'No change was significant at 90 % confidence.'
  const text = [
    `Your autopilot's report of the week ${content.weekStart} – ${content.weekEnd}.`,
    [...lines, top].join('\n'),
    `Significant changes:\n${highlights}`,
    `The full report: ${link}`,
  ].join('\n\n')
  const cells = ROWS.map(
    (row) =>
      `<tr><td style="padding:4px 12px 4px 0">${escapeHtml(row.label)}</td><td style="padding:4px 12px 4px 0;text-align:right">${escapeHtml(String(content.current[row.key]))}</td><td style="padding:4px 0;color:#555555">${escapeHtml(change(row.key))}</td></tr>`
  ).join('')
  const list = content.sentences.length
    ? `<ul>${content.sentences.map((sentence) => `<li>${escapeHtml(sentence)}</li>`).join('')}</ul>`
    : '<p>No change was significant at 90 % confidence.</p>'
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a"><p>${escapeHtml(`Your autopilot's report of the week ${content.weekStart} – ${content.weekEnd}.`)}</p><table>${cells}</table><p>${escapeHtml(top)}</p><p>Significant changes:</p>${list}<p><a href="${escapeHtml(link)}">${escapeHtml('Open the full report')}</a></p><p style="font-size:12px;color:#555555">${escapeHtml(link)}</p></body></html>`
  return { to, subject, text, html, headers: { 'Auto-Submitted': 'auto-generated' } }
}

/**
 * Mails the weekly report to the autopilot config's owner in the current
 * transaction (queueMail: the job exists only if the report commits, and the
 * SMTP call happens after, with the workspace's sender identity). Only when
 * the email plugin is enabled, not in dry run, only to the owner's own account
 * address while the owner is a member of the workspace, and once per week:
 * `previous` is the mail status of an earlier generation of the same week.
 */
export async function mailWeeklyReport(input: {
  ownerId: string | null
  dryRun: boolean
  previous: ReportMailStatus | null
  content: ReportMailContent
}): Promise<ReportMailStatus> {
  if (input.previous?.mailed_at) {
    return {
      status: 'already_sent',
      reason: 'mailed by an earlier generation of this week',
      to: input.previous.to,
      mailed_at: input.previous.mailed_at,
    }
  }
  if (!(await isPluginEnabled('email'))) {
    return { status: 'not_sent', reason: 'the email plugin is not enabled' }
  }
  if (input.dryRun) return { status: 'not_sent', reason: 'dry run: nothing is mailed' }
  if (!input.ownerId) return { status: 'not_sent', reason: 'the autopilot has no owner' }
  const owner = await memberMailAddress(input.ownerId)
  if (!owner) {
    return { status: 'not_sent', reason: 'the owner is no longer a member of the workspace' }
  }
  await queueMail(composeReportMail(input.content, owner.email))
  return { status: 'queued', to: owner.email, mailed_at: new Date().toISOString() }
}
