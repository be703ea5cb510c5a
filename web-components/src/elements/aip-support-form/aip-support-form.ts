import { html, nothing, type PropertyValues } from 'lit'
import { msg, str } from '@lit/localize'
import { AipElement } from '../../base/aip-element.js'
import { unwrap } from '../../base/api-client.js'
import { FormController, type FieldRule, type FormErrorDetail } from '../../base/form-controller.js'
import type { components } from '../../api/embed-schema.js'
import { supportFormStyles } from './aip-support-form.styles.js'
import { addTranslations } from '../../base/localization.js'
import { templates as de } from './locales/de.js'
import { templates as fr } from './locales/fr.js'

// This element's own translations (shared ones come with the base).
addTranslations('fr', fr)
addTranslations('de', de)

/** The end user an embed session names (`GET /v1/embed/session`). */
export type SessionUser = components['schemas']['EmbedSessionInfo']['end_user']

/** Fields of a ticket, with the API's limits. */
const RULES: readonly FieldRule[] = [
  { name: 'name', required: true, maxLength: 200 },
  { name: 'email', type: 'email', required: true, maxLength: 254 },
  { name: 'subject', required: true, maxLength: 300 },
  { name: 'message', required: true, maxLength: 20000 },
]

/** Detail of `aip-submit` and `aip-success`. */
export interface SupportFormSubmitDetail {
  name: string
  email: string
  subject: string
  message: string
  /** Whether the ticket is filed for the session's signed-in user. */
  signedIn: boolean
}

/** Detail of `aip-error` (the shared form error detail). */
export type SupportFormErrorDetail = FormErrorDetail

/**
 * A support request form for any web page: files a ticket in the embed key's
 * workspace. Anonymous visitors give their name and e-mail; with a `session`
 * (an embed session token minted by the host's backend) the signed-in user's
 * name and e-mail come from the session, shown read-only, and the ticket is
 * filed for that verified identity.
 *
 * @element aip-support-form
 *
 * @attr key - Publishable embed key (`pk_…`) with the `support:submit` capability.
 * @attr session - Embed session token of the host's signed-in user (optional): name and e-mail are prefilled from it and the ticket is filed for that user.
 * @attr api-base - Origin of the platform API; defaults to the origin of the script.
 * @attr locale - `en`, `fr` or `de`; defaults to the page's `lang`, then the browser's language.
 * @attr heading - Title above the form (default: a localised "Contact support"; empty attribute: none).
 * @attr subject - Initial subject (e.g. the page's topic).
 * @attr submit-label - Text of the submit button.
 * @attr success-message - Text shown after a successful submission.
 *
 * @fires aip-submit - Before sending; `detail: { name, email, subject, message, signedIn }`. Cancel it (`preventDefault()`) to stop the submission.
 * @fires aip-success - The platform received the ticket; same `detail` as `aip-submit`.
 * @fires aip-error - Validation, session, network or server error; `detail: { status, problem, fieldErrors }`.
 *
 * @csspart form - The `<form>` element.
 * @csspart title - The heading.
 * @csspart identity - The "signed in as" note (session tickets).
 * @csspart field - Wrapper of one field (label, control, error).
 * @csspart label - A field label.
 * @csspart input - A text, e-mail or textarea control.
 * @csspart error - The error message of a field.
 * @csspart alert - The form-level error message.
 * @csspart submit - The submit button.
 * @csspart success - The success message.
 * @csspart again - The "send another request" button after success.
 *
 * @cssprop --aip-font-family - Font of the form.
 * @cssprop --aip-font-size - Base font size.
 * @cssprop --aip-color-text - Text colour.
 * @cssprop --aip-color-muted - Secondary text colour.
 * @cssprop --aip-color-background - Background of the controls.
 * @cssprop --aip-color-primary - Button and focus colour.
 * @cssprop --aip-color-on-primary - Button text colour.
 * @cssprop --aip-color-border - Control borders.
 * @cssprop --aip-color-error - Error text and invalid borders.
 * @cssprop --aip-color-success - Success message colour.
 * @cssprop --aip-radius - Corner radius of controls and button.
 * @cssprop --aip-spacing - Base spacing unit.
 * @cssprop --aip-focus-ring - Outline of focused controls.
 */
export class AipSupportForm extends AipElement {
  static override properties = {
    ...AipElement.properties,
    heading: { type: String },
    subject: { type: String },
    submitLabel: { type: String, attribute: 'submit-label' },
    successMessage: { type: String, attribute: 'success-message' },
    user: { state: true },
  }

  static override styles = [...AipElement.styles, ...supportFormStyles]

  /** Title above the form; null: the localised default. */
  declare heading: string | null
  /** Initial subject. */
  declare subject: string
  /** Text of the submit button. */
  declare submitLabel: string
  /** Text shown after success. */
  declare successMessage: string
  /** The session's end user once verified (null: anonymous). */
  declare protected user: SessionUser | null

  /** Validation, accessible errors and submit states. */
  protected readonly form = new FormController(this)
  private sessionFor = ''

  constructor() {
    super()
    this.heading = null
    this.subject = ''
    this.submitLabel = ''
    this.successMessage = ''
    this.user = null
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed)
    const signature = `${this.apiBase}|${this.key}|${this.session}`
    if (signature === this.sessionFor) return
    this.sessionFor = signature
    this.user = null
    if (this.key && this.session) void this.loadSession(signature)
  }

  /** Verifies the session and reads its user (`GET /v1/embed/session`) to prefill the form. */
  private async loadSession(signature: string) {
    try {
      const info = await unwrap(this.api.GET('/v1/embed/session'))
      if (signature === this.sessionFor) this.user = info.end_user
    } catch (error) {
      // An expired, forged or revoked token: the form stays anonymous and the host is told.
      if (signature === this.sessionFor) this.emitFailure(error)
    }
  }

  override render() {
    if (this.form.state === 'success') {
      return html`<div class="field">
        <p class="success" part="success" role="status" tabindex="-1">
          ${
            this.successMessage ||
            msg('Thank you! Your request was sent; we will answer by e-mail.', {
              id: 'support.success',
            })
          }
        </p>
        <button part="again" type="button" @click=${this.again}>
          ${msg('Send another request', { id: 'support.again' })}
        </button>
      </div>`
    }
    const heading =
      this.heading === null ? msg('Contact support', { id: 'support.heading' }) : this.heading
    const busy = this.form.busy
    return html`<form part="form" novalidate @submit=${this.onSubmit} aria-busy=${busy}>
      ${heading ? html`<h2 part="title">${heading}</h2>` : nothing}
      ${
        this.user
          ? html`<p class="identity" part="identity">
              ${msg(
                str`Signed in as ${this.user.name || this.user.email || this.user.external_id}`,
                {
                  id: 'support.signedIn',
                }
              )}
            </p>`
          : nothing
      }
      ${this.input('name', msg('Name', { id: 'support.name' }), 'text', 'name', this.user?.name)}
      ${this.input('email', msg('E-mail', { id: 'field.email' }), 'email', 'email', this.user?.email)}
      ${this.input('subject', msg('Subject', { id: 'support.subject' }), 'text', 'off')}
      ${this.textarea('message', msg('How can we help?', { id: 'support.message' }))}
      <div class="trap" aria-hidden="true">
        <label for="website_url">Website</label>
        <input id="website_url" name="website_url" type="text" tabindex="-1" autocomplete="off" />
      </div>
      ${
        this.form.formError
          ? html`<p class="alert" part="alert" role="alert">${this.form.formError}</p>`
          : nothing
      }
      <button part="submit" type="submit" ?disabled=${busy}>
        ${
          busy
            ? msg('Sending…', { id: 'submitting' })
            : this.submitLabel || msg('Send', { id: 'submit' })
        }
      </button>
    </form>`
  }

  private marker() {
    return html`<span class="required" aria-hidden="true"> *</span>`
  }

  /** A text control; a value from the session is shown read-only (the verified identity). */
  private input(
    name: string,
    label: string,
    type: string,
    autocomplete: string,
    fromSession?: string | null
  ) {
    const field = this.form.field(name)
    const rule = RULES.find((candidate) => candidate.name === name)!
    return html`<div class="field" part="field">
      <label part="label" for=${field.id}>${label}${this.marker()}</label>
      <input
        part="input"
        id=${field.id}
        name=${name}
        type=${type}
        autocomplete=${autocomplete}
        maxlength=${rule.maxLength ?? nothing}
        .value=${fromSession ?? (name === 'subject' ? this.subject : '')}
        ?readonly=${Boolean(fromSession)}
        aria-required="true"
        aria-invalid=${field.invalid}
        aria-describedby=${field.describedBy ?? nothing}
      />
      ${field.error ? html`<p class="error" part="error" id=${field.errorId}>${field.error}</p>` : nothing}
    </div>`
  }

  private textarea(name: string, label: string) {
    const field = this.form.field(name)
    return html`<div class="field" part="field">
      <label part="label" for=${field.id}>${label}${this.marker()}</label>
      <textarea
        part="input"
        id=${field.id}
        name=${name}
        rows="5"
        aria-required="true"
        aria-invalid=${field.invalid}
        aria-describedby=${field.describedBy ?? nothing}
      ></textarea>
      ${field.error ? html`<p class="error" part="error" id=${field.errorId}>${field.error}</p>` : nothing}
    </div>`
  }

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault()
    const formElement = event.currentTarget as HTMLFormElement
    const read = (name: string) =>
      (formElement.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? ''
    const detail: SupportFormSubmitDetail = {
      name: read('name'),
      email: read('email'),
      subject: read('subject'),
      message: read('message'),
      signedIn: Boolean(this.user),
    }
    const honeypot = read('website_url')
    const values = Object.fromEntries(
      RULES.map(({ name }) => [name, detail[name as keyof SupportFormSubmitDetail] as string])
    )
    const sent = await this.form.submit({
      rules: RULES,
      values: Object.fromEntries(Object.entries(values).filter(([, value]) => value)),
      confirm: () => this.emit('aip-submit', detail, true),
      send: () =>
        unwrap(
          this.api.POST('/v1/embed/support/tickets', {
            body: {
              name: detail.name,
              email: detail.email,
              subject: detail.subject,
              message: detail.message,
              ...(honeypot ? { website_url: honeypot } : {}),
            },
          })
        ),
      fieldOf: (path) => (RULES.some((rule) => rule.name === path) ? path : undefined),
    })
    if (!sent) return
    this.emit<SupportFormSubmitDetail>('aip-success', detail)
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('[part="success"]')?.focus()
  }

  private async again() {
    this.form.reset()
    await this.updateComplete
    this.renderRoot
      .querySelector<HTMLElement>(this.user ? '#field-subject' : '#field-name')
      ?.focus()
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'aip-support-form': AipSupportForm
  }
}
