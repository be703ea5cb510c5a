import { Liquid, type Template } from 'liquidjs'
import { Problem, type FieldError } from '#core/http/problem'

/**
 * The platform's one template engine (Liquid, sandboxed). Content templates,
 * proposals, e-mails and anything else a user writes with `{{ variables }}`
 * render through here, so every domain gets the same syntax, limits and errors.
 *
 * Sandbox: no file system (includes and layouts resolve against an empty
 * in-memory map, so `{% include %}` / `{% render %}` fail), own properties only
 * (no prototype access such as `constructor`), bounded parse size, render time,
 * memory and output size.
 */

/** One variable a template declares: its name, whether it must be given, and a type check. */
export interface TemplateVariable {
  name: string
  required?: boolean
  type?: 'string' | 'number' | 'boolean' | 'date' | 'list' | 'object'
  description?: string
}

/** Limits of one render; the defaults suit user-written marketing templates. */
export interface TemplateLimits {
  /** Largest template source in characters (default 200,000). */
  maxSourceChars?: number
  /** Largest rendered output in characters (default 1,000,000). */
  maxOutputChars?: number
  /** Longest render in milliseconds (default 1,000). */
  renderMs?: number
}

const DEFAULT_LIMITS: Required<TemplateLimits> = {
  maxSourceChars: 200_000,
  maxOutputChars: 1_000_000,
  renderMs: 1_000,
}

/** Options of `renderTemplate`. */
export interface RenderTemplateOptions extends TemplateLimits {
  /** Declared variables: checked before rendering (missing required, wrong type: 422). */
  declared?: TemplateVariable[]
  /** HTML-escape every output (`| raw` opts out); on for HTML templates. */
  escapeHtml?: boolean
  /** Field name used in 422 errors for the source (default `body`). */
  sourceField?: string
}

function engine(limits: Required<TemplateLimits>, escapeHtml: boolean): Liquid {
  return new Liquid({
    templates: {},
    ownPropertyOnly: true,
    strictFilters: true,
    strictVariables: false,
    parseLimit: limits.maxSourceChars,
    renderLimit: limits.renderMs,
    memoryLimit: limits.maxOutputChars * 8,
    outputEscape: escapeHtml ? 'escape' : undefined,
    cache: false,
  })
}

const plainEngine = engine(DEFAULT_LIMITS, false)

function syntaxProblem(field: string, error: unknown): Problem {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
  return Problem.invalidField(field, `Template syntax error: ${message}`, 'template_syntax')
}

/**
 * Parses a template and returns the top-level variables it reads (for example
 * `contact.first_name` gives `contact`). Throws a 422 problem on a syntax error or
 * a source over the size limit: call it when a template is saved.
 */
export function templateVariables(source: string, field = 'body'): string[] {
  const parsed = parseSource(plainEngine, source, field, DEFAULT_LIMITS.maxSourceChars)
  try {
    return plainEngine.globalVariablesSync(parsed).sort()
  } catch (error) {
    // The analysis follows {% include %} / {% render %}, which the sandbox has no files for.
    throw syntaxProblem(field, error)
  }
}

function parseSource(liquid: Liquid, source: string, field: string, max: number): Template[] {
  if (source.length > max) {
    throw Problem.invalidField(field, `Template is longer than ${max} characters`, 'max_length')
  }
  try {
    return liquid.parse(source)
  } catch (error) {
    throw syntaxProblem(field, error)
  }
}

function typeMatches(type: TemplateVariable['type'], value: unknown): boolean {
  switch (type) {
    case undefined:
      return true
    case 'string':
      return typeof value === 'string'
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'boolean':
      return typeof value === 'boolean'
    case 'date':
      return (
        (typeof value === 'string' && !Number.isNaN(Date.parse(value))) ||
        (value instanceof Date && !Number.isNaN(value.getTime()))
      )
    case 'list':
      return Array.isArray(value)
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
  }
}

/** Checks values against declared variables; the field errors of a 422 (empty when fine). */
export function checkTemplateValues(
  declared: TemplateVariable[],
  values: Record<string, unknown>
): FieldError[] {
  const errors: FieldError[] = []
  for (const variable of declared) {
    const value = Object.hasOwn(values, variable.name) ? values[variable.name] : undefined
    if (value === undefined || value === null || value === '') {
      if (variable.required) {
        errors.push({
          field: `variables.${variable.name}`,
          message: `The variable "${variable.name}" is required`,
          rule: 'required',
        })
      }
      continue
    }
    if (!typeMatches(variable.type, value)) {
      errors.push({
        field: `variables.${variable.name}`,
        message: `The variable "${variable.name}" must be a ${variable.type}`,
        rule: 'type',
      })
    }
  }
  return errors
}

/**
 * Renders a user-written template with the given values, inside the sandbox.
 * Declared variables are checked first (422 listing every bad field); a syntax
 * error, an unknown filter, a render over the time or output limit are 422
 * problems too, never a 5xx.
 */
export async function renderTemplate(
  source: string,
  values: Record<string, unknown>,
  options: RenderTemplateOptions = {}
): Promise<string> {
  const limits: Required<TemplateLimits> = {
    maxSourceChars: options.maxSourceChars ?? DEFAULT_LIMITS.maxSourceChars,
    maxOutputChars: options.maxOutputChars ?? DEFAULT_LIMITS.maxOutputChars,
    renderMs: options.renderMs ?? DEFAULT_LIMITS.renderMs,
  }
  const field = options.sourceField ?? 'body'
  if (options.declared) {
    const errors = checkTemplateValues(options.declared, values)
    if (errors.length > 0) {
      throw new Problem(
        422,
        'validation-error',
        'Validation failed',
        'Template variables are invalid',
        {
          errors,
        }
      )
    }
  }
  const liquid = engine(limits, options.escapeHtml ?? false)
  const parsed = parseSource(liquid, source, field, limits.maxSourceChars)
  let output: string
  try {
    // A null-prototype copy: the template sees the caller's own data only.
    const scope = Object.assign(Object.create(null), values)
    output = String(await liquid.render(parsed, scope))
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw Problem.invalidField(
      field,
      `Template could not be rendered: ${message}`,
      'template_render'
    )
  }
  if (output.length > limits.maxOutputChars) {
    throw Problem.invalidField(
      field,
      `Rendered output is longer than ${limits.maxOutputChars} characters`,
      'max_output'
    )
  }
  return output
}
