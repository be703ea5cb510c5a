import { html, nothing, type TemplateResult } from 'lit'
import { msg, str } from '@lit/localize'
import { AipElement, SCRIPT_ORIGIN } from '../../base/aip-element.js'
import { unwrap, type Problem } from '../../base/api-client.js'
import { postEventStream } from '../../base/event-stream.js'
import { FormController, type FieldRule, type FormErrorDetail } from '../../base/form-controller.js'
import { formStyles } from '../../base/form-styles.js'
import type { components } from '../../api/embed-schema.js'
import { assistantStyles } from './aip-assistant.styles.js'
import { addTranslations } from '../../base/localization.js'
import { templates as de } from './locales/de.js'
import { templates as fr } from './locales/fr.js'

// This element's own translations (shared ones come with the base).
addTranslations('fr', fr)
addTranslations('de', de)

/** A cited source of an answer, as the embed answer route sends it. */
export type AssistantCitation = components['schemas']['KnowledgeEmbedCitation']

/** One question and its (streaming or finished) answer. */
export interface AssistantTurn {
  question: string
  answer: string
  /** The sources the answer cites (known when the answer is complete). */
  citations: AssistantCitation[]
  status: 'streaming' | 'done' | 'error'
  /** Localised error of a failed answer. */
  error?: string
}

/** Detail of `aip-question`. */
export interface AssistantQuestionDetail {
  question: string
}

/** Detail of `aip-answer`. */
export interface AssistantAnswerDetail {
  question: string
  answer: string
  citations: AssistantCitation[]
}

/** Detail of `aip-ticket`. */
export interface AssistantTicketDetail {
  subject: string
  email: string
}

/** Detail of `aip-error` for a failed answer (a failed ticket sends the form controller's detail). */
export interface AssistantErrorDetail extends FormErrorDetail {
  /** What failed. */
  during: 'answer'
}

/** A complete citation marker in an answer: `[1]`, `[2, 5]`. */
const MARKER = /\[\s*\d{1,4}\s*(?:,\s*\d{1,4}\s*)*\]/g
/** Earlier turns sent with a follow-up (the route accepts 20 messages). */
const HISTORY_TURNS = 10
/** Longest ticket subject the support route accepts. */
const MAX_SUBJECT = 300

/** Fields of the "Talk to a person" form, checked as the support route does. */
const HANDOFF_RULES: readonly FieldRule[] = [
  { name: 'name', required: true, maxLength: 200 },
  { name: 'email', required: true, type: 'email', maxLength: 254 },
  { name: 'note', maxLength: 4000 },
]

/** Localised message of a refused or failed answer. */
function problemMessage(status: number): string {
  if (status === 0) {
    return msg('The assistant could not be reached. Check your connection and try again.', {
      id: 'assistant.error.network',
    })
  }
  if (status === 429) {
    return msg('Too many questions. Wait a minute and try again.', {
      id: 'assistant.error.rateLimited',
    })
  }
  if (status === 401 || status === 403) {
    return msg('The assistant is not available on this site.', {
      id: 'assistant.error.unavailable',
    })
  }
  return msg('Something went wrong. Please try again.', { id: 'assistant.error.generic' })
}

/**
 * A help-center assistant for any web page: visitors ask a question and the
 * answer streams in, written from the workspace's PUBLIC knowledge buckets
 * with numbered citations linking to their sources; follow-up questions
 * continue the same conversation (kept in memory, sent with each question);
 * "Talk to a person" turns the conversation (questions, answers, citations)
 * into a support ticket with the visitor's name and e-mail.
 *
 * @element aip-assistant
 *
 * @attr key - Publishable embed key (`pk_…`) with `knowledge:ask` (and `support:submit` for "Talk to a person").
 * @attr api-base - Origin of the platform API; defaults to the origin of the script.
 * @attr locale - `en`, `fr` or `de`; defaults to the page's `lang`, then the browser's language.
 * @attr heading - Title shown above the conversation (default: a localised "Ask our assistant").
 * @attr no-handoff - Hides "Talk to a person" (for keys without `support:submit`).
 * @attr session - Optional embed session token of the host's signed-in user: the ticket is then filed as that end user.
 *
 * @prop {AssistantTurn[]} turns - The conversation so far (read-only).
 *
 * @fires aip-question - A question is sent; `detail: { question }`.
 * @fires aip-answer - An answer is complete; `detail: { question, answer, citations }`.
 * @fires aip-ticket - The conversation was filed as a support ticket; `detail: { subject, email }`.
 * @fires aip-error - An answer failed (`detail: { status, problem, fieldErrors, during: 'answer' }`) or the ticket did (`detail: { status, problem, fieldErrors }`).
 *
 * @csspart heading - The title.
 * @csspart log - The list of questions and answers (a polite live region).
 * @csspart turn - One question with its answer.
 * @csspart question - A visitor's question.
 * @csspart answer - An answer (its `[n]` markers are buttons that move focus to the source).
 * @csspart marker - A citation marker in an answer.
 * @csspart sources - The numbered list of cited sources of an answer.
 * @csspart source - One cited source (title, link when the document came from a web page, excerpt).
 * @csspart form - The question form.
 * @csspart input - The question field and the handoff form's fields.
 * @csspart submit - The "Ask" button and the handoff form's send button.
 * @csspart handoff - The "Talk to a person" button.
 * @csspart handoff-form - The form that files the conversation as a ticket.
 * @csspart error - An error message (of a field or an answer).
 * @csspart success - The confirmation that the ticket was filed.
 *
 * @cssprop --aip-font-family - Font of the assistant.
 * @cssprop --aip-font-size - Base font size.
 * @cssprop --aip-color-text - Text colour.
 * @cssprop --aip-color-muted - Secondary text (sources).
 * @cssprop --aip-color-background - Background of the fields.
 * @cssprop --aip-color-primary - Buttons, links, markers and focus.
 * @cssprop --aip-color-on-primary - Text on primary buttons.
 * @cssprop --aip-color-border - Field and fieldset borders.
 * @cssprop --aip-color-error - Error text and invalid borders.
 * @cssprop --aip-color-success - Confirmation text.
 * @cssprop --aip-radius - Corner radius of fields and buttons.
 * @cssprop --aip-spacing - Base spacing unit.
 * @cssprop --aip-focus-ring - Outline of focused controls.
 */
export class AipAssistant extends AipElement {
  static override properties = {
    ...AipElement.properties,
    heading: { type: String },
    noHandoff: { type: Boolean, attribute: 'no-handoff' },
    turns: { state: true },
    questionError: { state: true },
    handoffOpen: { state: true },
  }

  static override styles = [...AipElement.styles, formStyles, assistantStyles]

  /** Title above the conversation. */
  declare heading: string
  /** Hides "Talk to a person". */
  declare noHandoff: boolean
  /** The conversation so far, oldest first. */
  declare turns: AssistantTurn[]
  declare protected handoffOpen: boolean
  /** Error of the question field (an empty question). */
  declare protected questionError: string
  /** The "Talk to a person" form: validation, accessible errors, submit states. */
  protected readonly handoff = new FormController(this)
  private abort: AbortController | null = null

  constructor() {
    super()
    this.heading = ''
    this.noHandoff = false
    this.turns = []
    this.handoffOpen = false
    this.questionError = ''
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    this.abort?.abort()
  }

  private get busy() {
    return this.turns.at(-1)?.status === 'streaming'
  }

  override render() {
    const answered = this.turns.some((turn) => turn.status === 'done')
    return html`<section class="assistant" aria-labelledby="heading">
      <h2 id="heading" part="heading">
        ${this.heading || msg('Ask our assistant', { id: 'assistant.heading' })}
      </h2>
      <div part="log" role="log" aria-live="polite" aria-relevant="additions text">
        ${
          this.turns.length
            ? html`<ol class="log">
                ${this.turns.map((turn, index) => this.renderTurn(turn, index))}
              </ol>`
            : nothing
        }
      </div>
      ${this.renderAskForm()} ${answered && !this.noHandoff ? this.renderHandoff() : nothing}
    </section>`
  }

  private renderTurn(turn: AssistantTurn, index: number) {
    const streaming = turn.status === 'streaming'
    return html`<li part="turn">
      <p class="question" part="question">
        <span class="visually-hidden">${msg('You asked:', { id: 'assistant.youAsked' })} </span
        >${turn.question}
      </p>
      ${
        turn.status === 'error'
          ? html`<p class="error" part="error" role="alert">${turn.error}</p>`
          : html`<div class="answer" part="answer" aria-busy=${streaming ? 'true' : 'false'}>
              ${
                turn.answer
                  ? this.renderAnswer(turn, index)
                  : msg('Searching the help center…', { id: 'assistant.searching' })
              }
            </div>`
      }
      ${
        turn.status === 'done' && turn.citations.length
          ? html`<ol
              class="sources"
              part="sources"
              aria-label=${msg('Sources', {
                id: 'assistant.sources',
              })}
            >
              ${turn.citations.map(
                (citation) =>
                  html`<li
                    part="source"
                    id=${`source-${index}-${citation.number}`}
                    value=${citation.number}
                    tabindex="-1"
                  >
                    ${
                      citation.source_url
                        ? html`<a
                            href=${citation.source_url}
                            target="_blank"
                            rel="noopener noreferrer"
                            >${citation.document_title}</a
                          >`
                        : html`<strong>${citation.document_title}</strong>`
                    }
                    <span class="snippet">${citation.snippet}</span>
                  </li>`
              )}
            </ol>`
          : nothing
      }
    </li>`
  }

  /** The answer text with its `[n]` markers as buttons to the cited sources (once known). */
  private renderAnswer(turn: AssistantTurn, index: number) {
    const cited = new Map(turn.citations.map((citation) => [citation.number, citation]))
    const parts: (string | TemplateResult)[] = []
    let last = 0
    for (const match of turn.answer.matchAll(MARKER)) {
      parts.push(turn.answer.slice(last, match.index))
      last = match.index + match[0].length
      const numbers = (match[0].match(/\d+/g) ?? []).map(Number)
      if (turn.status !== 'done' || !numbers.every((n) => cited.has(n))) {
        parts.push(match[0])
        continue
      }
      for (const n of numbers) {
        const title = cited.get(n)!.document_title
        parts.push(
          html`<button
            type="button"
            class="marker"
            part="marker"
            aria-label=${msg(str`Source ${n}: ${title}`, { id: 'assistant.marker' })}
            @click=${() => this.focusSource(index, n)}
          >
            [${n}]
          </button>`
        )
      }
    }
    parts.push(turn.answer.slice(last))
    return parts
  }

  private focusSource(turn: number, n: number) {
    const item = this.renderRoot.querySelector<HTMLElement>(`#source-${turn}-${n}`)
    item?.focus()
  }

  private renderAskForm() {
    const label =
      this.turns.length > 0
        ? msg('Ask a follow-up question', { id: 'assistant.followUp' })
        : msg('Your question', { id: 'assistant.question' })
    return html`<form part="form" novalidate @submit=${this.onAsk}>
      <div class="ask">
        <div class="field">
          <label for="question">${label}</label>
          <input
            part="input"
            id="question"
            name="question"
            type="text"
            autocomplete="off"
            maxlength="4000"
            aria-invalid=${this.questionError ? 'true' : 'false'}
            aria-describedby=${this.questionError ? 'question-error' : nothing}
          />
        </div>
        <button class="primary" part="submit" type="submit" ?disabled=${this.busy}>
          ${
            this.busy
              ? msg('Answering…', { id: 'assistant.answering' })
              : msg('Ask', { id: 'assistant.ask' })
          }
        </button>
      </div>
      ${
        this.questionError
          ? html`<p class="error" part="error" id="question-error">${this.questionError}</p>`
          : nothing
      }
    </form>`
  }

  private renderHandoff() {
    const form = this.handoff
    if (form.state === 'success') {
      return html`<p class="success" part="success" role="status" tabindex="-1">
        ${msg('Thank you! A person from our team will answer you by e-mail.', {
          id: 'assistant.handoff.sent',
        })}
      </p>`
    }
    if (!this.handoffOpen) {
      return html`<button
        class="secondary"
        part="handoff"
        type="button"
        aria-expanded="false"
        @click=${this.openHandoff}
      >
        ${msg('Talk to a person', { id: 'assistant.handoff' })}
      </button>`
    }
    return html`<form
      part="handoff-form"
      novalidate
      @submit=${this.onHandoff}
      @keydown=${this.onHandoffKey}
      aria-busy=${form.busy ? 'true' : 'false'}
    >
      <fieldset>
        <legend>${msg('Talk to a person', { id: 'assistant.handoff' })}</legend>
        <p>
          ${msg('We will send this conversation to our team with your message.', {
            id: 'assistant.handoff.intro',
          })}
        </p>
        ${this.renderField('name', msg('Name', { id: 'assistant.field.name' }), 'text', 'name')}
        ${this.renderField('email', msg('E-mail', { id: 'field.email' }), 'email', 'email')}
        ${this.renderField(
          'note',
          msg('Message (optional)', { id: 'assistant.field.note' }),
          'textarea',
          'off'
        )}
        <div class="trap" aria-hidden="true">
          <label for="website_url">Website</label>
          <input id="website_url" name="website_url" type="text" tabindex="-1" autocomplete="off" />
        </div>
        ${
          form.formError
            ? html`<p class="alert" part="error" role="alert">${form.formError}</p>`
            : nothing
        }
        <div class="actions">
          <button class="primary" part="submit" type="submit" ?disabled=${form.busy}>
            ${
              form.busy
                ? msg('Sending…', { id: 'submitting' })
                : msg('Send to our team', { id: 'assistant.handoff.send' })
            }
          </button>
          <button class="secondary" type="button" @click=${this.closeHandoff}>
            ${msg('Cancel', { id: 'assistant.cancel' })}
          </button>
        </div>
      </fieldset>
    </form>`
  }

  private renderField(name: string, label: string, type: string, autocomplete: string) {
    const field = this.handoff.field(name)
    const required = HANDOFF_RULES.find((rule) => rule.name === name)?.required
    return html`<div class="field">
      <label for=${field.id}>${label}</label>
      ${
        type === 'textarea'
          ? html`<textarea
              part="input"
              id=${field.id}
              name=${name}
              rows="3"
              maxlength="4000"
              aria-invalid=${field.invalid}
              aria-describedby=${field.describedBy ?? nothing}
            ></textarea>`
          : html`<input
              part="input"
              id=${field.id}
              name=${name}
              type=${type}
              autocomplete=${autocomplete}
              aria-required=${required ? 'true' : 'false'}
              aria-invalid=${field.invalid}
              aria-describedby=${field.describedBy ?? nothing}
            />`
      }
      ${
        field.error
          ? html`<p class="error" part="error" id=${field.errorId}>${field.error}</p>`
          : nothing
      }
    </div>`
  }

  /** Sends the question with the conversation so far and streams the answer in. */
  private async onAsk(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy) return
    const input = (event.target as HTMLFormElement).elements.namedItem(
      'question'
    ) as HTMLInputElement
    const question = input.value.trim()
    if (!question) {
      this.questionError = msg('Type a question first', { id: 'assistant.error.empty' })
      input.focus()
      return
    }
    this.questionError = ''
    input.value = ''
    const history = this.turns
      .filter((turn) => turn.status === 'done')
      .slice(-HISTORY_TURNS)
      .flatMap((turn) => [
        { role: 'user' as const, content: turn.question },
        { role: 'assistant' as const, content: turn.answer },
      ])
    const turn: AssistantTurn = { question, answer: '', citations: [], status: 'streaming' }
    this.turns = [...this.turns, turn]
    this.emit<AssistantQuestionDetail>('aip-question', { question })
    await this.stream(turn, history)
    // Focus stays in the question field, ready for a follow-up.
    input.focus()
  }

  private async stream(
    turn: AssistantTurn,
    history: { role: 'user' | 'assistant'; content: string }[]
  ) {
    this.abort = new AbortController()
    const url = new URL('/v1/embed/knowledge/answers', this.apiBase || SCRIPT_ORIGIN)
    const update = (patch: Partial<AssistantTurn>) => {
      Object.assign(turn, patch)
      this.turns = [...this.turns]
    }
    const fail = (status: number, problem: Problem | null) => {
      update({ status: 'error', error: problemMessage(status) })
      this.emit<AssistantErrorDetail>('aip-error', {
        status,
        problem,
        fieldErrors: {},
        during: 'answer',
      })
    }
    const result = await postEventStream({
      url,
      body: history.length ? { question: turn.question, history } : { question: turn.question },
      locale: this.requestedLocale,
      headers: {
        'X-Embed-Key': this.key,
        ...(this.session ? { Authorization: `Bearer ${this.session}` } : {}),
      },
      signal: this.abort.signal,
    })
    if (!result.ok) return fail(result.status, result.problem)
    try {
      for await (const { event, data } of result.events) {
        if (event === 'delta') update({ answer: turn.answer + data.text })
        else if (event === 'error') return fail(data?.status ?? 500, data)
        else if (event === 'done') {
          update({ answer: data.answer, citations: data.citations, status: 'done' })
          this.emit<AssistantAnswerDetail>('aip-answer', {
            question: turn.question,
            answer: data.answer,
            citations: data.citations,
          })
          return
        }
      }
      fail(0, null)
    } catch {
      fail(0, null)
    }
  }

  private async openHandoff() {
    this.handoffOpen = true
    this.handoff.reset()
    await this.updateComplete
    this.renderRoot.querySelector<HTMLInputElement>('#field-name')?.focus()
  }

  private async closeHandoff() {
    this.handoffOpen = false
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>('[part="handoff"]')?.focus()
  }

  private onHandoffKey(event: KeyboardEvent) {
    if (event.key === 'Escape' && !this.handoff.busy) void this.closeHandoff()
  }

  /** The conversation as a ticket: subject from the first question, message the transcript. */
  private transcript(note: string) {
    const lines: string[] = []
    if (note) lines.push(note, '')
    lines.push(msg('Conversation with the assistant:', { id: 'assistant.transcript' }), '')
    for (const turn of this.turns) {
      if (turn.status !== 'done') continue
      lines.push(`${msg('Question', { id: 'assistant.transcript.q' })}: ${turn.question}`)
      lines.push(`${msg('Answer', { id: 'assistant.transcript.a' })}: ${turn.answer}`)
      for (const citation of turn.citations) {
        const link = citation.source_url ? ` (${citation.source_url})` : ''
        lines.push(`  [${citation.number}] ${citation.document_title}${link}`)
      }
      lines.push('')
    }
    return lines.join('\n').trim()
  }

  /** Validates the handoff form (shared form controller), then files the ticket through the support embed route. */
  private async onHandoff(event: SubmitEvent) {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    const value = (name: string) =>
      ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '').trim()
    const values = { name: value('name'), email: value('email'), note: value('note') }
    const first = this.turns.find((turn) => turn.status === 'done')?.question ?? ''
    const subject = `${msg('Assistant', { id: 'assistant.subject' })}: ${first}`.slice(
      0,
      MAX_SUBJECT
    )
    const sent = await this.handoff.submit({
      rules: HANDOFF_RULES,
      values,
      send: () =>
        unwrap(
          this.api.POST('/v1/embed/support/tickets', {
            body: {
              name: values.name,
              email: values.email,
              subject,
              message: this.transcript(values.note),
              website_url: value('website_url') || undefined,
            },
          })
        ),
      fieldOf: (path) => (path === 'name' || path === 'email' ? path : undefined),
    })
    if (!sent) return
    this.handoffOpen = false
    this.emit<AssistantTicketDetail>('aip-ticket', { subject, email: values.email })
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('[part="success"]')?.focus()
  }
}
