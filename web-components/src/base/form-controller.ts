import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { msg, str } from '@lit/localize'
import { EmbedApiError, type Problem } from './api-client.js'

/** Submit state of a form-like element. */
export type SubmitState = 'idle' | 'submitting' | 'success' | 'error'

/** What the controller checks on one field before sending (the same checks the API makes). */
export interface FieldRule {
  name: string
  required?: boolean
  /** `email` checks the address shape; `checkbox` requires `true` when required. */
  type?: string
  /** Longest accepted text (default 200). */
  maxLength?: number
  /** Accepted values (select fields). */
  options?: readonly string[]
}

/** Values by field name: trimmed text (absent when empty) or a checkbox state. */
export type FieldValues = Record<string, string | boolean>

/** Detail of `aip-error` for every form-like element. */
export interface FormErrorDetail {
  /** HTTP status; 0 for a network failure, 422 for invalid fields (client or server). */
  status: number
  problem: Problem | null
  /** Invalid fields by name. */
  fieldErrors: Record<string, string>
}

/** The element a form controller serves: a Lit host that can dispatch events and render. */
export type FormHost = ReactiveControllerHost &
  HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment }

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

/** Localised message for a validation rule (client rules and the API's 422 rules). */
export function ruleMessage(rule: string, maxLength = 200): string {
  switch (rule) {
    case 'required':
      return msg('This field is required', { id: 'error.required' })
    case 'email':
      return msg('Enter a valid e-mail address', { id: 'error.email' })
    case 'maxLength':
      return msg(str`At most ${maxLength} characters`, { id: 'error.maxLength' })
    case 'in':
      return msg('Choose one of the options', { id: 'error.option' })
    case 'accepted':
      return msg('Your consent is required', { id: 'error.consent' })
  }
  return msg('This value is not valid', { id: 'error.invalid' })
}

/** Localised form-level message for a failed call with no field error to show. */
export function failureMessage(status: number): string {
  if (status === 0) {
    return msg('The form could not be sent. Check your connection and try again.', {
      id: 'error.network',
    })
  }
  if (status === 429) {
    return msg('Too many attempts. Please wait a minute and try again.', {
      id: 'error.rateLimited',
    })
  }
  if (status === 401 || status === 403) {
    return msg('This form is not available on this site.', { id: 'error.unavailable' })
  }
  return msg('Something went wrong. Please try again.', { id: 'error.generic' })
}

/**
 * Shared behaviour of every form-like element (a Lit reactive controller):
 * client validation with localised messages, accessible errors (each invalid
 * control gets `aria-invalid` and `aria-describedby` pointing at its message
 * through `field(name)`, and focus moves to the first invalid control; a
 * form-level alert announces itself), the submit states (idle, submitting, success, error), and
 * problem+json field errors from the API mapped back onto fields. Failures
 * are announced with an `aip-error` event.
 */
export class FormController implements ReactiveController {
  /** Where the submission stands. */
  state: SubmitState = 'idle'
  /** Messages of invalid fields, by field name. */
  fieldErrors: Record<string, string> = {}
  /** Form-level message (network, rate limit, refusal) when no field explains the failure. */
  formError = ''

  private readonly host: FormHost

  constructor(host: FormHost) {
    this.host = host
    host.addController(this)
  }

  hostConnected() {}

  /** Whether a submission is in flight (disable the button, set `aria-busy`). */
  get busy() {
    return this.state === 'submitting'
  }

  /**
   * Accessibility attributes and message of one field: bind `invalid` to
   * `aria-invalid`, `describedBy` to `aria-describedby` and render `error`
   * (when set) in an element with id `errorId`.
   */
  field(name: string) {
    const error = this.fieldErrors[name]
    const errorId = `field-${name}-error`
    return {
      id: `field-${name}`,
      errorId,
      error,
      invalid: error ? 'true' : 'false',
      describedBy: error ? errorId : undefined,
    }
  }

  /** Checks the values against the rules; returns the errors by field name. */
  validate(rules: readonly FieldRule[], values: FieldValues): Record<string, string> {
    const errors: Record<string, string> = {}
    for (const rule of rules) {
      const value = values[rule.name]
      if (rule.type === 'checkbox') {
        if (rule.required && value !== true) errors[rule.name] = ruleMessage('required')
        continue
      }
      const text = typeof value === 'string' ? value : ''
      const limit = rule.maxLength ?? 200
      if (!text) {
        if (rule.required) errors[rule.name] = ruleMessage('required')
      } else if (text.length > limit) {
        errors[rule.name] = ruleMessage('maxLength', limit)
      } else if (rule.type === 'email' && !EMAIL.test(text)) {
        errors[rule.name] = ruleMessage('email')
      } else if (rule.options && !rule.options.includes(text)) {
        errors[rule.name] = ruleMessage('in')
      }
    }
    return errors
  }

  /**
   * Runs one submission: validates (errors shown and announced, nothing
   * sent), asks `confirm` (the element's cancelable `aip-submit`), sends, and
   * on failure maps the problem's field errors through `fieldOf` (API field
   * path → field name; undefined to ignore) or shows a form-level message.
   * Resolves with `{ data }` on success, undefined otherwise.
   */
  async submit<T>(request: {
    rules: readonly FieldRule[]
    values: FieldValues
    /** Extra client checks (e.g. a required consent box), merged with the rules' errors. */
    extraErrors?: Record<string, string>
    confirm?: () => boolean
    send: () => Promise<T>
    fieldOf?: (path: string) => string | undefined
  }): Promise<{ data: T } | undefined> {
    if (this.busy) return undefined
    this.formError = ''
    this.fieldErrors = {
      ...this.validate(request.rules, request.values),
      ...request.extraErrors,
    }
    if (Object.keys(this.fieldErrors).length) {
      this.state = 'error'
      await this.fail(422, null)
      return undefined
    }
    if (request.confirm && !request.confirm()) {
      this.host.requestUpdate()
      return undefined
    }
    this.state = 'submitting'
    this.host.requestUpdate()
    try {
      const data = await request.send()
      this.state = 'success'
      this.host.requestUpdate()
      return { data }
    } catch (error) {
      const failure = error instanceof EmbedApiError ? error : new EmbedApiError(0, null)
      this.state = 'error'
      this.showProblem(failure, request.rules, request.fieldOf ?? ((path) => path))
      await this.fail(failure.status, failure.problem)
      return undefined
    }
  }

  /** Puts a refusal's field errors on their fields, else a form-level message. */
  private showProblem(
    failure: EmbedApiError,
    rules: readonly FieldRule[],
    fieldOf: (path: string) => string | undefined
  ) {
    const errors: Record<string, string> = {}
    if (failure.status === 422) {
      for (const error of failure.fieldErrors) {
        const name = fieldOf(error.field)
        if (!name || errors[name]) continue
        // The server's limit wins when the page's own field settings differ from it.
        const limit = Number(/\d+/.exec(error.message)?.[0])
        const known = rules.find((rule) => rule.name === name)
        errors[name] = ruleMessage(error.rule, limit > 0 ? limit : known?.maxLength)
      }
    }
    this.fieldErrors = errors
    if (!Object.keys(errors).length) this.formError = failureMessage(failure.status)
  }

  /** Announces a failure: `aip-error`, then focus on the first invalid control (an alert speaks for itself). */
  private async fail(status: number, problem: Problem | null) {
    this.host.dispatchEvent(
      new CustomEvent<FormErrorDetail>('aip-error', {
        detail: { status, problem, fieldErrors: { ...this.fieldErrors } },
        bubbles: true,
        composed: true,
      })
    )
    this.host.requestUpdate()
    await this.host.updateComplete
    this.host.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }

  /** Back to a fresh form (e.g. "send another"). */
  reset() {
    this.state = 'idle'
    this.fieldErrors = {}
    this.formError = ''
    this.host.requestUpdate()
  }
}
