import { html, nothing, type PropertyValues } from 'lit'
import { msg } from '@lit/localize'
import { AipElement } from '../../base/aip-element.js'
import { unwrap } from '../../base/api-client.js'
import {
  FormController,
  type FieldRule,
  type FieldValues,
  type FormErrorDetail,
  ruleMessage,
} from '../../base/form-controller.js'
import { addTranslations, resolveLocale } from '../../base/localization.js'
import type { components } from '../../api/embed-schema.js'
import { leadFormStyles } from './aip-lead-form.styles.js'
import { templates as de } from './locales/de.js'
import { templates as fr } from './locales/fr.js'

// This element's own translations (shared ones come with the base).
addTranslations('fr', fr)
addTranslations('de', de)

/** A form definition as the API serves it. */
export type FormDefinition = components['schemas']['EmbedFormDefinition']
/** One field of a form definition. */
export type FormField = FormDefinition['fields'][number]

/** Field names that map to lead columns; usable in the `fields` attribute. */
export const STANDARD_FIELDS = [
  'email',
  'first_name',
  'last_name',
  'company',
  'phone',
  'job_title',
] as const

/** Localised label of a standard field. */
function standardLabel(name: string): string | undefined {
  switch (name) {
    case 'email':
      return msg('E-mail', { id: 'field.email' })
    case 'first_name':
      return msg('First name', { id: 'field.first_name' })
    case 'last_name':
      return msg('Last name', { id: 'field.last_name' })
    case 'company':
      return msg('Company', { id: 'field.company' })
    case 'phone':
      return msg('Phone', { id: 'field.phone' })
    case 'job_title':
      return msg('Job title', { id: 'field.job_title' })
  }
  return undefined
}

/** Standard field definitions (type and autocomplete) for attribute-configured forms. */
function standardField(name: string, required: boolean): FormField {
  const types: Record<string, [FormField['type'], string]> = {
    email: ['email', 'email'],
    first_name: ['text', 'given-name'],
    last_name: ['text', 'family-name'],
    company: ['text', 'organization'],
    phone: ['tel', 'tel'],
    job_title: ['text', 'organization-title'],
  }
  const [type, autocomplete] = types[name]
  return { name, type, label: standardLabel(name)!, required, autocomplete }
}

/** Whether the form definition is there: loading, ready, or unavailable (key refused). */
type LoadState = 'loading' | 'ready' | 'unavailable'

/** Detail of `aip-submit` and `aip-success`. */
export interface LeadFormSubmitDetail {
  fields: Record<string, string | boolean>
  consent: boolean
}

/** Detail of `aip-error` (the shared form error detail; `consent` names the consent box). */
export type LeadFormErrorDetail = FormErrorDetail

/**
 * A lead capture form for any web page. Loads its fields from the platform
 * (the embed key's form definition) or takes them from the `fields`
 * attribute, validates on the client and on the server with accessible
 * messages, and records the lead with consent.
 *
 * @element aip-lead-form
 *
 * @attr key - Publishable embed key (`pk_…`) with the `leads:submit` capability.
 * @attr api-base - Origin of the platform API; defaults to the origin of the script.
 * @attr locale - `en`, `fr` or `de`; defaults to the page's `lang`, then the browser's language.
 * @attr fields - Comma-separated standard fields (`email,first_name,last_name,company,phone,job_title`); when set, the form does not load its definition from the API.
 * @attr required-fields - Comma-separated names of the `fields` that are required (`email` always is).
 * @attr consent-text - Consent checkbox label for attribute-configured forms (default: a localised marketing consent).
 * @attr consent-required - The consent box must be ticked (attribute-configured forms).
 * @attr submit-label - Text of the submit button.
 * @attr success-message - Text shown after a successful submission.
 *
 * @fires aip-submit - Before sending; `detail: { fields, consent }`. Cancel it (`preventDefault()`) to stop the submission.
 * @fires aip-success - The platform accepted the lead; `detail: { fields, consent }`.
 * @fires aip-error - Validation, network or server error; `detail: { status, problem, fieldErrors }`.
 *
 * @csspart form - The `<form>` element.
 * @csspart title - The form title (from the form definition).
 * @csspart field - Wrapper of one field (label, control, error).
 * @csspart label - A field label.
 * @csspart input - A text, e-mail, phone, textarea or select control.
 * @csspart checkbox - A checkbox control (checkbox fields and consent).
 * @csspart consent - Wrapper of the consent checkbox and its text.
 * @csspart error - The error message of a field.
 * @csspart alert - The form-level error message.
 * @csspart submit - The submit button.
 * @csspart success - The success message.
 * @csspart status - The loading and unavailable messages.
 *
 * @cssprop --aip-font-family - Font of the form.
 * @cssprop --aip-font-size - Base font size.
 * @cssprop --aip-color-text - Text colour.
 * @cssprop --aip-color-muted - Secondary text colour.
 * @cssprop --aip-color-background - Background of the form.
 * @cssprop --aip-color-primary - Button and focus colour.
 * @cssprop --aip-color-on-primary - Button text colour.
 * @cssprop --aip-color-border - Control borders.
 * @cssprop --aip-color-error - Error text and invalid borders.
 * @cssprop --aip-color-success - Success message colour.
 * @cssprop --aip-radius - Corner radius of controls and button.
 * @cssprop --aip-spacing - Base spacing unit.
 * @cssprop --aip-focus-ring - Outline of focused controls.
 */
export class AipLeadForm extends AipElement {
  static override properties = {
    ...AipElement.properties,
    fields: { type: String },
    requiredFields: { type: String, attribute: 'required-fields' },
    consentText: { type: String, attribute: 'consent-text' },
    consentRequired: { type: Boolean, attribute: 'consent-required' },
    submitLabel: { type: String, attribute: 'submit-label' },
    successMessage: { type: String, attribute: 'success-message' },
    definition: { attribute: false },
    loadState: { state: true },
  }

  static override styles = [...AipElement.styles, ...leadFormStyles]

  /** Comma-separated standard fields; when set, no definition is loaded from the API. */
  declare fields: string
  /** Comma-separated required fields among `fields`. */
  declare requiredFields: string
  /** Consent text for attribute-configured forms. */
  declare consentText: string
  /** Whether consent is required (attribute-configured forms). */
  declare consentRequired: boolean
  /** Text of the submit button. */
  declare submitLabel: string
  /** Text shown after success. */
  declare successMessage: string
  /**
   * The form definition (fields, labels, consent). Loaded from the API unless
   * `fields` is set; may also be assigned directly.
   */
  declare definition: FormDefinition | null
  declare protected loadState: LoadState
  /** Validation, accessible errors and submit states (shared by every form-like element). */
  protected readonly form = new FormController(this)
  /** Whether the loaded definition is the key's own (labels as written) or the default (labels localised). */
  private custom = false
  /** The definition last loaded from the API (any other value was assigned by the host). */
  private apiDefinition: FormDefinition | null = null
  private loadedFor = ''

  constructor() {
    super()
    this.fields = ''
    this.requiredFields = ''
    this.consentText = ''
    this.consentRequired = false
    this.submitLabel = ''
    this.successMessage = ''
    this.definition = null
    this.loadState = 'ready'
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed)
    // Attribute fields, or a definition the host assigned, need no request.
    if (this.fields || (this.definition && this.definition !== this.apiDefinition)) return
    if (!this.key) {
      // Nothing to load and nothing to render: say so instead of "loading" forever.
      this.loadState = 'unavailable'
    } else if (this.loadedFor !== `${this.apiBase}|${this.key}`) {
      void this.loadDefinition()
    }
  }

  /**
   * Fetches the key's form definition from the leads plugin's public embed
   * route (`GET /v1/embed/forms/lead`): the form its admins saved with
   * `PUT /v1/embed/keys/:id/lead-form`, or the default lead form.
   */
  private async loadDefinition() {
    this.loadedFor = `${this.apiBase}|${this.key}`
    this.loadState = 'loading'
    try {
      const data = await unwrap(this.api.GET('/v1/embed/forms/lead'))
      this.custom = data.custom
      this.apiDefinition = data.definition
      this.definition = data.definition
      this.loadState = 'ready'
    } catch (error) {
      this.loadState = 'unavailable'
      this.emitFailure(error)
    }
  }

  /** The form in effect: attribute fields, else the loaded or assigned definition. */
  private get effectiveForm(): { definition: FormDefinition; localise: boolean } | null {
    if (this.fields) {
      const required = new Set(this.requiredFields.split(',').map((name) => name.trim()))
      const names = ['email', ...this.fields.split(',').map((name) => name.trim())].filter(
        (name, index, all) =>
          (STANDARD_FIELDS as readonly string[]).includes(name) && all.indexOf(name) === index
      )
      return {
        localise: true,
        definition: {
          fields: names.map((name) => standardField(name, name === 'email' || required.has(name))),
          consent: {
            text:
              this.consentText ||
              msg('I agree to receive marketing e-mails. I can unsubscribe at any time.', {
                id: 'consent.default',
              }),
            required: this.consentRequired,
          },
        },
      }
    }
    if (!this.definition) return null
    if (this.custom || this.definition !== this.apiDefinition) {
      return { definition: this.definition, localise: false }
    }
    return {
      localise: true,
      definition: {
        ...this.definition,
        consent: this.definition.consent && {
          ...this.definition.consent,
          text: msg('I agree to receive marketing e-mails. I can unsubscribe at any time.', {
            id: 'consent.default',
          }),
        },
      },
    }
  }

  private label(field: FormField, localise: boolean) {
    return (localise && standardLabel(field.name)) || field.label
  }

  override render() {
    if (this.form.state === 'success') {
      return html`<p class="success" part="success" role="status" tabindex="-1">
        ${
          this.successMessage ||
          this.effectiveForm?.definition.success_message ||
          msg('Thank you! We will be in touch soon.', { id: 'success' })
        }
      </p>`
    }
    if (this.loadState === 'unavailable') {
      return html`<p class="status" part="status" role="alert">
        ${msg('This form is not available on this site.', { id: 'error.unavailable' })}
      </p>`
    }
    const form = this.effectiveForm
    if (!form) {
      return html`<p class="status" part="status" role="status">
        ${msg('Loading the form…', { id: 'loading' })}
      </p>`
    }
    const { definition, localise } = form
    const busy = this.form.busy
    return html`<form part="form" novalidate @submit=${this.onSubmit} aria-busy=${busy}>
      ${definition.title ? html`<h2 part="title">${definition.title}</h2>` : nothing}
      ${definition.fields.map((field) => this.renderField(field, localise))}
      ${definition.consent ? this.renderConsent(definition.consent) : nothing}
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
            : this.submitLabel ||
              (!localise && definition.submit_label) ||
              msg('Send', { id: 'submit' })
        }
      </button>
    </form>`
  }

  private renderField(field: FormField, localise: boolean) {
    const { id, error, errorId, describedBy } = this.form.field(field.name)
    const label = this.label(field, localise)
    const marker = field.required
      ? html`<span class="required" aria-hidden="true"> *</span>`
      : nothing
    const errorText = error
      ? html`<p class="error" part="error" id=${errorId}>${error}</p>`
      : nothing
    if (field.type === 'checkbox') {
      return html`<div class="field" part="field">
        <div class="check">
          <input
            part="checkbox"
            id=${id}
            name=${field.name}
            type="checkbox"
            aria-required=${field.required ? 'true' : 'false'}
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${describedBy ?? nothing}
          />
          <label part="label" for=${id}>${label}${marker}</label>
        </div>
        ${errorText}
      </div>`
    }
    const common = {
      id,
      name: field.name,
      required: field.required ? 'true' : 'false',
      invalid: error ? 'true' : 'false',
    }
    let control
    if (field.type === 'select') {
      control = html`<select
        part="input"
        id=${common.id}
        name=${common.name}
        aria-required=${common.required}
        aria-invalid=${common.invalid}
        aria-describedby=${describedBy ?? nothing}
      >
        <option value="">${msg('Choose…', { id: 'select.placeholder' })}</option>
        ${(field.options ?? []).map((option) => html`<option value=${option}>${option}</option>`)}
      </select>`
    } else if (field.type === 'textarea') {
      control = html`<textarea
        part="input"
        id=${common.id}
        name=${common.name}
        rows="4"
        maxlength=${field.max_length ?? nothing}
        placeholder=${field.placeholder ?? nothing}
        aria-required=${common.required}
        aria-invalid=${common.invalid}
        aria-describedby=${describedBy ?? nothing}
      ></textarea>`
    } else {
      control = html`<input
        part="input"
        id=${common.id}
        name=${common.name}
        type=${field.type}
        autocomplete=${field.autocomplete ?? nothing}
        maxlength=${field.max_length ?? nothing}
        placeholder=${field.placeholder ?? nothing}
        aria-required=${common.required}
        aria-invalid=${common.invalid}
        aria-describedby=${describedBy ?? nothing}
      />`
    }
    return html`<div class="field" part="field">
      <label part="label" for=${id}>${label}${marker}</label>
      ${control} ${errorText}
    </div>`
  }

  private renderConsent(consent: NonNullable<FormDefinition['consent']>) {
    const { error, errorId, describedBy } = this.form.field('consent')
    return html`<div class="field" part="consent">
      <div class="check">
        <input
          part="checkbox"
          id="field-consent"
          name="consent"
          type="checkbox"
          aria-required=${consent.required ? 'true' : 'false'}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${describedBy ?? nothing}
        />
        <label part="label" for="field-consent"
          >${consent.text}${
            consent.required ? html`<span class="required" aria-hidden="true"> *</span>` : nothing
          }</label
        >
      </div>
      ${error ? html`<p class="error" part="error" id=${errorId}>${error}</p>` : nothing}
    </div>`
  }

  /** Reads the form's values by field name, and the consent box. */
  private collect(form: HTMLFormElement, definition: FormDefinition) {
    const fields: Record<string, string | boolean> = {}
    for (const field of definition.fields) {
      const control = form.elements.namedItem(field.name) as HTMLInputElement | null
      if (!control) continue
      if (field.type === 'checkbox') fields[field.name] = control.checked
      else if (control.value.trim()) fields[field.name] = control.value.trim()
    }
    const consentBox = form.elements.namedItem('consent') as HTMLInputElement | null
    const trap = form.elements.namedItem('website_url') as HTMLInputElement | null
    return { fields, consent: Boolean(consentBox?.checked), honeypot: trap?.value ?? '' }
  }

  /** The client checks of a definition's fields (the same the API makes). */
  private rules(definition: FormDefinition): FieldRule[] {
    return definition.fields.map((field) => ({
      name: field.name,
      type: field.type,
      required: field.required,
      maxLength: field.max_length,
    }))
  }

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault()
    const form = this.effectiveForm
    if (!form) return
    const { definition } = form
    const values = this.collect(event.currentTarget as HTMLFormElement, definition)
    const detail: LeadFormSubmitDetail = { fields: values.fields, consent: values.consent }
    const sent = await this.form.submit({
      rules: this.rules(definition),
      values: values.fields as FieldValues,
      extraErrors:
        definition.consent?.required && !values.consent
          ? { consent: ruleMessage('accepted') }
          : undefined,
      confirm: () => this.emit('aip-submit', detail, true),
      send: () =>
        unwrap(
          this.api.POST('/v1/embed/leads', {
            body: {
              fields: values.fields,
              consent: {
                marketing: values.consent,
                ...(values.consent && definition.consent ? { text: definition.consent.text } : {}),
              },
              page_url: location.origin + location.pathname,
              locale: resolveLocale(this.requestedLocale),
              ...(values.honeypot ? { website_url: values.honeypot } : {}),
            },
          })
        ),
      fieldOf: (path) => {
        if (path.startsWith('consent')) return 'consent'
        const name = path.replace(/^fields\./, '')
        return definition.fields.some((field) => field.name === name) ? name : undefined
      },
    })
    if (!sent) return
    this.emit<LeadFormSubmitDetail>('aip-success', detail)
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('[part="success"]')?.focus()
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'aip-lead-form': AipLeadForm
  }
}
