import { html, nothing, type PropertyValues } from 'lit'
import { msg, str } from '@lit/localize'
import { AipElement } from '../../base/aip-element.js'
import { EmbedApiError, unwrap } from '../../base/api-client.js'
import type { components } from '../../api/embed-schema.js'
import { addTranslations, resolveLocale } from '../../base/localization.js'
import { autopilotInboxStyles } from './aip-autopilot-inbox.styles.js'
import { templates as de } from './locales/de.js'
import { templates as fr } from './locales/fr.js'

// This element's own translations (shared ones come with the base).
addTranslations('fr', fr)
addTranslations('de', de)

/** A proposal of the approval queue as the API serves it. */
export type AutopilotProposal = components['schemas']['AutopilotProposal']
/** A lead of the autopilot's lead inbox as the API serves it. */
export type AutopilotInboxLead = components['schemas']['AutopilotInboxLead']

/** Detail of `aip-proposal-approve` and `aip-proposal-reject`. */
export interface ProposalDecisionDetail {
  proposal: AutopilotProposal
}

/** Scopes the session token claims (read without verifying: a hint for which buttons to show). */
function tokenScopes(token: string): string[] {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')
    const claims = JSON.parse(atob(payload)) as { scope?: unknown }
    return typeof claims.scope === 'string' ? claims.scope.split(' ') : []
  } catch {
    return []
  }
}

function priorityLabel(priority: AutopilotInboxLead['priority']) {
  switch (priority) {
    case 'high':
      return msg('High', { id: 'autopilot.priority.high' })
    case 'medium':
      return msg('Medium', { id: 'autopilot.priority.medium' })
    case 'low':
      return msg('Low', { id: 'autopilot.priority.low' })
  }
}

function leadStatusLabel(status: AutopilotInboxLead['status']) {
  switch (status) {
    case 'new':
      return msg('New', { id: 'autopilot.lead.new' })
    case 'contacted':
      return msg('Contacted', { id: 'autopilot.lead.contacted' })
    case 'qualified':
      return msg('Qualified', { id: 'autopilot.lead.qualified' })
    case 'converted':
      return msg('Converted', { id: 'autopilot.lead.converted' })
  }
}

type Load = 'loading' | 'ready' | 'error'

/**
 * The marketing autopilot's inbox for a vendor's signed-in user: the budget
 * proposals waiting for approval (approve or reject with a note, applied
 * exactly once by the platform) and the lead inbox the daily run triaged
 * (priority, score, suggested action). Needs an embed session: `autopilot:read`
 * to see, `autopilot:write` to decide.
 *
 * @element aip-autopilot-inbox
 *
 * @attr key - Publishable embed key (`pk_…`) with the `autopilot:inbox` capability.
 * @attr session - Embed session token minted by the host's backend (`autopilot:read`, or `autopilot:write` to approve and reject).
 * @attr api-base - Origin of the platform API; defaults to the origin of the script.
 * @attr locale - `en`, `fr` or `de`; defaults to the page's `lang`, then the browser's language.
 * @attr currency - ISO 4217 code the budgets are shown in (default `USD`).
 *
 * @fires aip-proposal-approve - A proposal was approved and applied; `detail: { proposal }`.
 * @fires aip-proposal-reject - A proposal was rejected; `detail: { proposal }`.
 * @fires aip-error - Loading or a decision failed; `detail: { status, problem, fieldErrors }`.
 *
 * @csspart proposals - The approval queue section.
 * @csspart proposal - One proposal.
 * @csspart approve - The approve button of a proposal.
 * @csspart reject - The reject button of a proposal.
 * @csspart leads - The lead inbox table.
 * @csspart alert - An error message.
 * @csspart status - Loading and confirmation messages.
 *
 * @cssprop --aip-font-family - Font of the inbox.
 * @cssprop --aip-color-text - Text colour.
 * @cssprop --aip-color-muted - Secondary text.
 * @cssprop --aip-color-background - Background of controls.
 * @cssprop --aip-color-primary - The approve button.
 * @cssprop --aip-color-on-primary - Text on the primary colour.
 * @cssprop --aip-color-border - Borders of proposals, table rows and controls.
 * @cssprop --aip-color-success - Confirmation messages.
 * @cssprop --aip-color-error - Error messages.
 * @cssprop --aip-radius - Corner radius.
 * @cssprop --aip-spacing - Base spacing unit.
 * @cssprop --aip-focus-ring - Outline of focused controls.
 */
export class AipAutopilotInbox extends AipElement {
  static override properties = {
    ...AipElement.properties,
    currency: { type: String },
    proposals: { attribute: false },
    leads: { attribute: false },
    load: { state: true },
    busy: { state: true },
    alert: { state: true },
    done: { state: true },
  }

  static override styles = [...AipElement.styles, autopilotInboxStyles]

  /** ISO 4217 currency of the budgets. */
  declare currency: string
  /** Pending proposals (read-only for hosts). */
  declare proposals: AutopilotProposal[]
  /** Inbox leads, newest first (read-only for hosts). */
  declare leads: AutopilotInboxLead[]
  declare protected load: Load
  declare protected busy: string
  declare protected alert: string
  declare protected done: string
  private loadedFor = ''

  constructor() {
    super()
    this.currency = 'USD'
    this.proposals = []
    this.leads = []
    this.load = 'loading'
    this.busy = ''
    this.alert = ''
    this.done = ''
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed)
    const wanted = `${this.apiBase}|${this.key}|${this.session}`
    if (!this.key || !this.session) {
      this.load = 'error'
      this.alert = msg('Sign in to see the autopilot inbox.', { id: 'autopilot.error.session' })
    } else if (wanted !== this.loadedFor) {
      this.loadedFor = wanted
      void this.fetchAll()
    }
  }

  private async fetchAll() {
    const wanted = this.loadedFor
    this.load = 'loading'
    this.alert = ''
    try {
      const [proposals, leads] = await Promise.all([
        unwrap(
          this.api.GET('/v1/embed/autopilot/proposals', {
            params: { query: { status: 'pending', limit: 50 } },
          })
        ),
        unwrap(this.api.GET('/v1/embed/autopilot/inbox', { params: { query: { limit: 50 } } })),
      ])
      if (wanted !== this.loadedFor) return
      this.proposals = proposals.data
      this.leads = leads.data
      this.load = 'ready'
    } catch (error) {
      if (wanted !== this.loadedFor) return
      this.load = 'error'
      this.fail(error)
    }
  }

  private fail(error: unknown) {
    const { status } = error instanceof EmbedApiError ? error : new EmbedApiError(0, null)
    this.alert =
      status === 401
        ? msg('Your session has expired. Reload the page to sign in again.', {
            id: 'autopilot.error.expired',
          })
        : status === 403
          ? msg('You are not allowed to do this here.', { id: 'autopilot.error.forbidden' })
          : status === 409
            ? msg('This proposal was already decided.', { id: 'autopilot.error.conflict' })
            : msg('Something went wrong. Please try again.', { id: 'autopilot.error.generic' })
    this.emitFailure(error)
  }

  private money(value: number) {
    try {
      return new Intl.NumberFormat(resolveLocale(this.requestedLocale), {
        style: 'currency',
        currency: this.currency || 'USD',
      }).format(value)
    } catch {
      return String(value)
    }
  }

  private describe(proposal: AutopilotProposal) {
    const before = this.money(Number(proposal.current_daily_budget))
    const after = this.money(Number(proposal.proposed_daily_budget))
    const channel = proposal.channel
    return proposal.kind === 'pause_channel'
      ? msg(str`Pause ${channel} (daily budget ${before} → ${after})`, {
          id: 'autopilot.proposal.pause',
        })
      : msg(str`Change the ${channel} daily budget from ${before} to ${after}`, {
          id: 'autopilot.proposal.budget',
        })
  }

  private async decide(
    proposal: AutopilotProposal,
    decision: 'approve' | 'reject',
    form: HTMLFormElement
  ) {
    const note = String(new FormData(form).get('note') ?? '').trim()
    this.busy = proposal.id
    this.alert = ''
    this.done = ''
    try {
      const body = { body: { note: note || null }, params: { path: { id: proposal.id } } }
      const decided = await unwrap(
        decision === 'approve'
          ? this.api.POST('/v1/embed/autopilot/proposals/{id}/approve', body)
          : this.api.POST('/v1/embed/autopilot/proposals/{id}/reject', body)
      )
      this.proposals = this.proposals.filter((item) => item.id !== proposal.id)
      this.done =
        decision === 'approve'
          ? msg(str`Approved and applied: ${this.describe(decided)}`, { id: 'autopilot.approved' })
          : msg(str`Rejected: ${this.describe(decided)}`, { id: 'autopilot.rejected' })
      this.emit<ProposalDecisionDetail>(
        decision === 'approve' ? 'aip-proposal-approve' : 'aip-proposal-reject',
        { proposal: decided }
      )
    } catch (error) {
      this.fail(error)
    } finally {
      this.busy = ''
    }
  }

  override render() {
    if (this.load === 'error') {
      return html`<p class="alert" part="alert" role="alert">${this.alert}</p>`
    }
    if (this.load === 'loading') {
      return html`<p class="status" part="status" role="status">
        ${msg('Loading the inbox…', { id: 'autopilot.loading' })}
      </p>`
    }
    const canDecide = tokenScopes(this.session).includes('autopilot:write')
    return html`
      <div class="block" part="proposals">
        <h2 id="proposals-title">${msg('Waiting for approval', { id: 'autopilot.proposals' })}</h2>
        <p class="done" part="status" role="status">${this.done}</p>
        ${this.alert ? html`<p class="alert" part="alert" role="alert">${this.alert}</p>` : nothing}
        ${
          this.proposals.length
            ? html`<ul>
                ${this.proposals.map((proposal) => this.renderProposal(proposal, canDecide))}
              </ul>`
            : html`<p class="empty">
                ${msg('Nothing waits for your approval.', { id: 'autopilot.proposals.empty' })}
              </p>`
        }
      </div>
      <div class="block">
        <h2 id="leads-title">${msg('Lead inbox', { id: 'autopilot.leads' })}</h2>
        ${
          this.leads.length
            ? html`<table part="leads" aria-labelledby="leads-title">
                <thead>
                  <tr>
                    <th scope="col">${msg('Lead', { id: 'autopilot.col.lead' })}</th>
                    <th scope="col">${msg('Priority', { id: 'autopilot.col.priority' })}</th>
                    <th scope="col">${msg('Score', { id: 'autopilot.col.score' })}</th>
                    <th scope="col">${msg('Next step', { id: 'autopilot.col.action' })}</th>
                    <th scope="col">${msg('Status', { id: 'autopilot.col.status' })}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.leads.map(
                    (lead) =>
                      html`<tr>
                        <th scope="row">
                          ${lead.full_name || lead.email || '—'}${lead.company_name ? html`<br /><span class="meta">${lead.company_name}</span>` : nothing}
                        </th>
                        <td data-priority=${lead.priority}>${priorityLabel(lead.priority)}</td>
                        <td>${lead.score ?? '—'}</td>
                        <td>${lead.suggested_action ?? '—'}</td>
                        <td>${leadStatusLabel(lead.status)}</td>
                      </tr>`
                  )}
                </tbody>
              </table>`
            : html`<p class="empty">${msg('No leads yet.', { id: 'autopilot.leads.empty' })}</p>`
        }
      </div>
    `
  }

  private renderProposal(proposal: AutopilotProposal, canDecide: boolean) {
    const id = `p-${proposal.id}`
    const busy = this.busy === proposal.id
    return html`<li class="proposal" part="proposal" aria-labelledby=${id}>
      <strong id=${id}>${this.describe(proposal)}</strong>
      <span class="meta">
        ${new Intl.DateTimeFormat(resolveLocale(this.requestedLocale), {
          dateStyle: 'medium',
        }).format(new Date(proposal.created_at))}
      </span>
      ${
        canDecide
          ? html`<form class="decide" @submit=${(event: SubmitEvent) => event.preventDefault()}>
              <label>
                ${msg('Note (optional)', { id: 'autopilot.note' })}
                <input name="note" maxlength="2000" aria-describedby=${id} />
              </label>
              <button
                class="primary"
                part="approve"
                type="button"
                ?disabled=${busy}
                aria-describedby=${id}
                @click=${(event: Event) =>
                  this.decide(proposal, 'approve', (event.target as HTMLElement).closest('form')!)}
              >
                ${msg('Approve', { id: 'autopilot.approve' })}
              </button>
              <button
                part="reject"
                type="button"
                ?disabled=${busy}
                aria-describedby=${id}
                @click=${(event: Event) =>
                  this.decide(proposal, 'reject', (event.target as HTMLElement).closest('form')!)}
              >
                ${msg('Reject', { id: 'autopilot.reject' })}
              </button>
            </form>`
          : nothing
      }
    </li>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'aip-autopilot-inbox': AipAutopilotInbox
  }
}
