import type { Infer } from '@vinejs/vine/types'
import { Problem, type FieldError } from '#sdk'
import type { formDefinitionSchema } from '../validators/lead_form_validator.js'

/** A lead form definition an embed key serves to its widgets (validated shape). */
export type FormDefinition = Infer<typeof formDefinitionSchema>

/** Field names reserved by the embed API (the honeypot and envelope fields). */
const RESERVED = new Set(['website_url', 'consent', 'key', 'locale', 'source', 'page_url'])

/** Lead columns a form field can fill directly; other fields go to custom_fields. */
const LEAD_COLUMNS = ['email', 'first_name', 'last_name', 'company', 'phone', 'job_title'] as const

/** The lead form served when the embed key has no form definition of its own. */
export const DEFAULT_LEAD_FORM: FormDefinition = {
  fields: [
    { name: 'email', type: 'email', label: 'E-mail', required: true, autocomplete: 'email' },
    { name: 'first_name', type: 'text', label: 'First name', autocomplete: 'given-name' },
    { name: 'last_name', type: 'text', label: 'Last name', autocomplete: 'family-name' },
    { name: 'company', type: 'text', label: 'Company', autocomplete: 'organization' },
  ],
  consent: {
    text: 'I agree to receive marketing e-mails. I can unsubscribe at any time.',
    required: false,
  },
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

/** A submission checked against its form: lead columns, custom fields, consent. */
export interface CheckedSubmission {
  columns: Partial<Record<(typeof LEAD_COLUMNS)[number], string | null>> & { email: string }
  custom: Record<string, string | boolean>
  consent: { marketing: boolean; text: string | null }
}

/**
 * Checks submitted values against the form definition the same way the
 * element does (required, e-mail format, lengths, select options, unknown
 * fields), so a crafted request cannot bypass the form. Throws one 422 with
 * every invalid field as `fields.<name>`.
 */
export function checkSubmission(
  definition: FormDefinition,
  values: Record<string, unknown>,
  consent: { marketing: boolean; text?: string } | undefined,
  ownForm: boolean
): CheckedSubmission {
  const errors: FieldError[] = []
  const known = new Map(definition.fields.map((field) => [field.name, field]))
  for (const name of Object.keys(values)) {
    if (!known.has(name)) {
      errors.push({
        field: `fields.${name}`,
        message: 'This form has no such field',
        rule: 'unknown',
      })
    }
  }
  const columns: Record<string, string | null> = {}
  const custom: Record<string, string | boolean> = {}
  for (const field of definition.fields) {
    const raw = values[field.name]
    const path = `fields.${field.name}`
    if (field.type === 'checkbox') {
      if (raw !== undefined && typeof raw !== 'boolean') {
        errors.push({ field: path, message: 'Must be true or false', rule: 'boolean' })
        continue
      }
      if (field.required && raw !== true) {
        errors.push({ field: path, message: 'This field is required', rule: 'required' })
        continue
      }
      if (raw !== undefined) custom[field.name] = raw
      continue
    }
    if (raw !== undefined && raw !== null && typeof raw !== 'string') {
      errors.push({ field: path, message: 'Must be text', rule: 'string' })
      continue
    }
    const value = typeof raw === 'string' ? raw.trim() : ''
    if (!value) {
      if (field.required)
        errors.push({ field: path, message: 'This field is required', rule: 'required' })
      continue
    }
    const maxLength = Math.min(field.max_length ?? 200, field.type === 'textarea' ? 5000 : 320)
    if (value.length > maxLength) {
      errors.push({ field: path, message: `At most ${maxLength} characters`, rule: 'maxLength' })
      continue
    }
    if (field.type === 'email' && !EMAIL.test(value)) {
      errors.push({ field: path, message: 'Enter a valid e-mail address', rule: 'email' })
      continue
    }
    if (field.type === 'select' && !field.options!.includes(value)) {
      errors.push({ field: path, message: 'Choose one of the options', rule: 'in' })
      continue
    }
    if ((LEAD_COLUMNS as readonly string[]).includes(field.name)) columns[field.name] = value
    else custom[field.name] = value
  }
  if (definition.consent?.required && !consent?.marketing) {
    errors.push({
      field: 'consent.marketing',
      message: 'Your consent is required',
      rule: 'accepted',
    })
  }
  if (errors.length) {
    throw new Problem(
      422,
      'validation-error',
      'Validation failed',
      'The request has invalid fields',
      {
        errors,
      }
    )
  }
  const marketing = Boolean(consent?.marketing)
  return {
    columns: columns as CheckedSubmission['columns'],
    custom,
    consent: {
      marketing,
      // A key's own form records its own consent text; the default form records
      // the text the element showed (in the visitor's language).
      text: marketing
        ? ((ownForm ? definition.consent?.text : consent?.text) ?? definition.consent?.text ?? null)
        : null,
    },
  }
}

/**
 * Rules the schema cannot express: unique field names, an `email` field of
 * type email (every embedded form identifies the person by e-mail), options
 * for select fields only, and no reserved names. Throws a 422 problem.
 */
export function checkFormDefinition(definition: FormDefinition) {
  const seen = new Set<string>()
  definition.fields.forEach((field, index) => {
    const path = `form_definition.fields.${index}`
    if (seen.has(field.name))
      throw Problem.invalidField(`${path}.name`, `Duplicate field name "${field.name}"`, 'distinct')
    seen.add(field.name)
    if (RESERVED.has(field.name))
      throw Problem.invalidField(`${path}.name`, `"${field.name}" is a reserved name`, 'reserved')
    if (field.type === 'select' && !field.options?.length)
      throw Problem.invalidField(`${path}.options`, 'A select field needs options', 'required')
    if (field.type !== 'select' && field.options)
      throw Problem.invalidField(`${path}.options`, 'Only select fields take options', 'invalid')
    if (field.name === 'email' && field.type !== 'email')
      throw Problem.invalidField(`${path}.type`, 'The email field must be of type email', 'email')
  })
  const email = definition.fields.find((field) => field.name === 'email')
  if (!email) {
    throw Problem.invalidField(
      'form_definition.fields',
      'The form needs a field named "email"',
      'required'
    )
  }
  if (!email.required) {
    throw Problem.invalidField(
      'form_definition.fields',
      'The "email" field must be required',
      'required'
    )
  }
}
