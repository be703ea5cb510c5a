import { html, nothing, type PropertyValues } from 'lit'
import { msg } from '@lit/localize'
import { AipElement, SCRIPT_ORIGIN } from '../../base/aip-element.js'
import { EmbedApiError, unwrap, type Problem } from '../../base/api-client.js'
import { postEventStream } from '../../base/event-stream.js'
import type { FormErrorDetail } from '../../base/form-controller.js'
import { formStyles } from '../../base/form-styles.js'
import type { components } from '../../api/embed-schema.js'
import { chatStyles } from './aip-chat.styles.js'
import { addTranslations } from '../../base/localization.js'
import { templates as de } from './locales/de.js'
import { templates as fr } from './locales/fr.js'

// This element's own translations (shared ones come with the base).
addTranslations('fr', fr)
addTranslations('de', de)

/** One of the end user's chat sessions, as the embed chat routes list them. */
export type ChatSessionSummary = components['schemas']['ChatSession']

/** One exchange shown in the conversation: the end user's message and the copilot's answer. */
export interface ChatExchange {
  id: string
  user: string
  answer: string
  status: 'streaming' | 'done' | 'error'
}

/** Detail of `aip-error`. */
export type ChatErrorDetail = FormErrorDetail

/** Sessions listed in the history, and exchanges shown when one is reopened. */
const PAGE = 50
/** Longest session title the route accepts; a new session is titled after its first message. */
const MAX_TITLE = 200

type Access = 'ready' | 'signed-out' | 'refused'

/**
 * Copilot chat for the host's signed-in user: the host's backend mints an
 * embed session token (scope `chat`) and sets it as `session`. Shows the
 * user's own conversations (history survives reloads: it lives on the
 * platform), reopens one, starts a new one, and streams the copilot's
 * answers. A missing, expired, forged or revoked session shows an accessible
 * error and fires `aip-error`; setting a fresh `session` recovers.
 *
 * @element aip-chat
 *
 * @attr key - Publishable embed key (`pk_…`) of the workspace.
 * @attr session - Embed session token of the signed-in end user, with the `chat` scope (required).
 * @attr api-base - Origin of the platform API; defaults to the origin of the script.
 * @attr locale - `en`, `fr` or `de`; defaults to the page's `lang`, then the browser's language.
 * @attr heading - Title of the chat (default: a localised "Copilot chat").
 *
 * @prop {ChatSessionSummary[]} sessions - The end user's conversations, most recent first (read-only).
 *
 * @fires aip-session-open - A conversation was opened or started; `detail: { id, title }`.
 * @fires aip-message - An answer is complete; `detail: { sessionId, message, answer }`.
 * @fires aip-error - A refused session or a failed call; `detail: { status, problem, fieldErrors }` (401/403: mint a new token).
 *
 * @csspart heading - The title.
 * @csspart history - The list of the user's conversations.
 * @csspart session - One conversation in the history (a button; `aria-current` on the open one).
 * @csspart new - The "New conversation" button.
 * @csspart log - The messages of the open conversation (a polite live region).
 * @csspart user - A message of the user.
 * @csspart answer - An answer of the copilot.
 * @csspart form - The message form.
 * @csspart input - The message field.
 * @csspart submit - The send button.
 * @csspart error - An error message (refused session, failed answer).
 * @csspart status - Loading and empty states.
 *
 * @cssprop --aip-font-family - Font of the chat.
 * @cssprop --aip-font-size - Base font size.
 * @cssprop --aip-color-text - Text colour.
 * @cssprop --aip-color-muted - Secondary text.
 * @cssprop --aip-color-background - Background of the fields.
 * @cssprop --aip-color-primary - Buttons, the open conversation and focus.
 * @cssprop --aip-color-on-primary - Text on primary buttons.
 * @cssprop --aip-color-border - Borders of answers, conversations and fields.
 * @cssprop --aip-color-error - Error text.
 * @cssprop --aip-radius - Corner radius.
 * @cssprop --aip-spacing - Base spacing unit.
 * @cssprop --aip-focus-ring - Outline of focused controls.
 */
export class AipChat extends AipElement {
  static override properties = {
    ...AipElement.properties,
    heading: { type: String },
    sessions: { state: true },
    current: { state: true },
    exchanges: { state: true },
    access: { state: true },
    error: { state: true },
    loading: { state: true },
  }

  static override styles = [...AipElement.styles, formStyles, chatStyles]

  /** Title of the chat. */
  declare heading: string
  /** The end user's conversations, most recent first. */
  declare sessions: ChatSessionSummary[]
  declare protected current: ChatSessionSummary | null
  declare protected exchanges: ChatExchange[]
  declare protected access: Access
  declare protected error: string
  declare protected loading: boolean
  private loadedFor = ''
  private abort: AbortController | null = null

  constructor() {
    super()
    this.heading = ''
    this.sessions = []
    this.current = null
    this.exchanges = []
    this.access = 'ready'
    this.error = ''
    this.loading = false
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    this.abort?.abort()
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed)
    const signature = `${this.apiBase}|${this.key}|${this.session}`
    if (signature === this.loadedFor) return
    this.loadedFor = signature
    if (!this.session) {
      this.access = 'signed-out'
      return
    }
    this.access = 'ready'
    this.error = ''
    this.current = null
    this.exchanges = []
    void this.loadSessions()
  }

  private get busy() {
    return this.exchanges.at(-1)?.status === 'streaming'
  }

  /** A refused session (401/403) or another failure: message, `aip-error`. */
  private failed(status: number, problem: Problem | null) {
    if (status === 401 || status === 403) {
      this.access = 'refused'
    } else {
      this.error =
        status === 0
          ? msg('The chat could not be reached. Check your connection and try again.', {
              id: 'chat.error.network',
            })
          : status === 429
            ? msg('Too many messages. Wait a minute and try again.', {
                id: 'chat.error.rateLimited',
              })
            : msg('Something went wrong. Please try again.', { id: 'chat.error.generic' })
    }
    this.emit<ChatErrorDetail>('aip-error', { status, problem, fieldErrors: {} })
  }

  private async call<T>(request: () => Promise<T>): Promise<T | undefined> {
    try {
      return await request()
    } catch (error) {
      const failure = error instanceof EmbedApiError ? error : new EmbedApiError(0, null)
      this.failed(failure.status, failure.problem)
      return undefined
    }
  }

  /** The user's conversations, most recently active first. */
  private async loadSessions() {
    this.loading = true
    const page = await this.call(() =>
      unwrap(this.api.GET('/v1/embed/chat/sessions', { params: { query: { limit: PAGE } } }))
    )
    this.loading = false
    if (page) this.sessions = page.data
  }

  /** Reopens a conversation: its exchanges, oldest first. */
  private async openSession(session: ChatSessionSummary) {
    if (this.busy) return
    this.current = session
    this.exchanges = []
    this.error = ''
    const page = await this.call(() =>
      unwrap(
        this.api.GET('/v1/embed/chat/sessions/{id}/messages', {
          params: { path: { id: session.id }, query: { limit: PAGE } },
        })
      )
    )
    if (!page || this.current !== session) return
    this.exchanges = page.data.map((message) => ({
      id: message.id,
      user: message.user_message,
      answer: message.ai_response.content ?? '',
      status: 'done' as const,
    }))
    this.emit('aip-session-open', { id: session.id, title: session.title })
    await this.updateComplete
    this.renderRoot.querySelector<HTMLInputElement>('#message')?.focus()
  }

  private async newConversation() {
    if (this.busy) return
    this.current = null
    this.exchanges = []
    this.error = ''
    await this.updateComplete
    this.renderRoot.querySelector<HTMLInputElement>('#message')?.focus()
  }

  override render() {
    const heading = html`<h2 id="heading" part="heading">
      ${this.heading || msg('Copilot chat', { id: 'chat.heading' })}
    </h2>`
    if (this.access !== 'ready') {
      return html`<section aria-labelledby="heading">
        ${heading}
        <p class="alert" part="error" role="alert">
          ${
            this.access === 'signed-out'
              ? msg('Sign in to chat with the copilot.', { id: 'chat.signedOut' })
              : msg('Your session has expired or is not valid. Sign in again to continue.', {
                  id: 'chat.refused',
                })
          }
        </p>
      </section>`
    }
    return html`<section aria-labelledby="heading">
      ${heading}
      <div class="chat">
        <nav aria-labelledby="history-heading">
          <h3 id="history-heading">${msg('Your conversations', { id: 'chat.history' })}</h3>
          <button class="new" part="new" type="button" @click=${this.newConversation}>
            ${msg('New conversation', { id: 'chat.new' })}
          </button>
          ${
            this.loading
              ? html`<p class="status" part="status" role="status">
                  ${msg('Loading…', { id: 'chat.loading' })}
                </p>`
              : this.sessions.length
                ? html`<ul part="history">
                    ${this.sessions.map(
                      (session) =>
                        html`<li>
                          <button
                            class="session"
                            part="session"
                            type="button"
                            aria-current=${this.current?.id === session.id ? 'true' : 'false'}
                            @click=${() => this.openSession(session)}
                          >
                            ${session.title}
                          </button>
                        </li>`
                    )}
                  </ul>`
                : html`<p class="status" part="status">
                    ${msg('No conversations yet.', { id: 'chat.empty' })}
                  </p>`
          }
        </nav>
        <div class="conversation">
          <div
            part="log"
            role="log"
            aria-live="polite"
            aria-label=${this.current?.title ?? msg('New conversation', { id: 'chat.new' })}
          >
            ${
              this.exchanges.length
                ? html`<ol class="messages">
                    ${this.exchanges.map(
                      (exchange) =>
                        html`<li>
                          <p class="user" part="user">
                            <span class="visually-hidden">${msg('You:', { id: 'chat.you' })} </span
                            >${exchange.user}
                          </p>
                          <p
                            class="assistant"
                            part="answer"
                            aria-busy=${exchange.status === 'streaming' ? 'true' : 'false'}
                          >
                            <span class="visually-hidden"
                              >${msg('Copilot:', { id: 'chat.copilot' })} </span
                            >${exchange.answer || msg('Thinking…', { id: 'chat.thinking' })}
                          </p>
                        </li>`
                    )}
                  </ol>`
                : nothing
            }
          </div>
          ${
            this.error
              ? html`<p class="alert" part="error" role="alert">${this.error}</p>`
              : nothing
          }
          <form part="form" novalidate @submit=${this.onSend}>
            <div class="send">
              <div class="field">
                <label for="message">${msg('Message', { id: 'chat.message' })}</label>
                <input
                  part="input"
                  id="message"
                  name="message"
                  type="text"
                  autocomplete="off"
                  maxlength="20000"
                />
              </div>
              <button part="submit" type="submit" ?disabled=${this.busy}>
                ${
                  this.busy
                    ? msg('Answering…', { id: 'assistant.answering' })
                    : msg('Send', { id: 'submit' })
                }
              </button>
            </div>
          </form>
        </div>
      </div>
    </section>`
  }

  /** Sends a message (starting a conversation titled after it when none is open) and streams the answer. */
  private async onSend(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy) return
    const input = (event.target as HTMLFormElement).elements.namedItem(
      'message'
    ) as HTMLInputElement
    const content = input.value.trim()
    if (!content) {
      input.focus()
      return
    }
    this.error = ''
    let session = this.current
    if (!session) {
      const created = await this.call(() =>
        unwrap(
          this.api.POST('/v1/embed/chat/sessions', {
            body: { title: content.slice(0, MAX_TITLE) },
          })
        )
      )
      if (!created) return
      session = created
      this.current = created
      this.sessions = [created, ...this.sessions]
      this.emit('aip-session-open', { id: created.id, title: created.title })
    }
    input.value = ''
    const exchange: ChatExchange = { id: '', user: content, answer: '', status: 'streaming' }
    this.exchanges = [...this.exchanges, exchange]
    await this.stream(session, exchange)
    input.focus()
  }

  private async stream(session: ChatSessionSummary, exchange: ChatExchange) {
    this.abort = new AbortController()
    const update = (patch: Partial<ChatExchange>) => {
      Object.assign(exchange, patch)
      this.exchanges = [...this.exchanges]
    }
    const fail = (status: number, problem: Problem | null) => {
      update({ status: 'error' })
      this.failed(status, problem)
    }
    const result = await postEventStream({
      url: new URL(`/v1/embed/chat/sessions/${session.id}/messages`, this.apiBase || SCRIPT_ORIGIN),
      body: { content: exchange.user },
      locale: this.requestedLocale,
      headers: { 'X-Embed-Key': this.key, 'Authorization': `Bearer ${this.session}` },
      signal: this.abort.signal,
    })
    if (!result.ok) return fail(result.status, result.problem)
    try {
      for await (const { event, data } of result.events) {
        if (event === 'delta') update({ answer: exchange.answer + data.text })
        else if (event === 'error') return fail(data?.status ?? 500, data)
        else if (event === 'done') {
          const message = data.message as components['schemas']['ChatMessage']
          update({ id: message.id, answer: message.ai_response.content ?? '', status: 'done' })
          // The conversation moves to the top of the history.
          this.sessions = [session, ...this.sessions.filter((item) => item.id !== session.id)]
          this.emit('aip-message', {
            sessionId: session.id,
            message: exchange.user,
            answer: exchange.answer,
          })
          return
        }
      }
      fail(0, null)
    } catch {
      fail(0, null)
    }
  }
}
