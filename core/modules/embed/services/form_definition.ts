import type { Infer } from '@vinejs/vine/types'
import { Problem } from '#sdk'
import type { formDefinitionSchema } from '../validators/embed_key_validator.js'

/** A form definition an embed key serves to its widgets (validated shape). */
export type FormDefinition = Infer<typeof formDefinitionSchema>

/** Field names reserved by the embed API (the honeypot and envelope fields). */
const RESERVED = new Set(['website_url', 'consent', 'key', 'locale', 'source', 'page_url'])

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
