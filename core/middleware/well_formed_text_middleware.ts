import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { Problem, type FieldError } from '#core/http/problem'

/** Most offending fields reported in one 422 (the body may be large). */
const MAX_REPORTED = 20

/**
 * Refuses request bodies and query strings holding text that is not well-formed
 * Unicode (a lone UTF-16 surrogate such as `"\ud800"` in JSON). Such text cannot
 * be stored as UTF-8 without silent replacement, and some validators (e-mail)
 * throw on it; answering one clear 422 here keeps every route from a 5xx.
 */
export default class WellFormedTextMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const errors: FieldError[] = []
    collect(ctx.request.body(), '', errors)
    collect(ctx.request.qs(), '', errors)
    if (errors.length > 0) {
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
    return next()
  }
}

/** Walks a parsed body iteratively (no recursion limit to hit) and records bad strings. */
function collect(root: unknown, prefix: string, errors: FieldError[]) {
  const stack: Array<[unknown, string]> = [[root, prefix]]
  while (stack.length > 0 && errors.length < MAX_REPORTED) {
    const [value, path] = stack.pop()!
    if (typeof value === 'string') {
      if (!value.isWellFormed()) {
        errors.push({
          field: path || 'body',
          message: `The ${path || 'body'} field must be well-formed Unicode text`,
          rule: 'wellFormedText',
        })
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push([item, path ? `${path}.${index}` : String(index)]))
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (!key.isWellFormed()) {
          errors.push({
            field: path || 'body',
            message: 'A field name is not well-formed Unicode text',
            rule: 'wellFormedText',
          })
        }
        stack.push([item, path ? `${path}.${key}` : key])
      }
    }
  }
}
