import { type FieldError } from '#sdk'
import { parseClientDate } from '../dates.js'

/** Lead columns a rule may test, with the kind of value each holds. */
export const RULE_FIELDS = {
  first_name: 'text',
  last_name: 'text',
  email: 'text',
  email_domain: 'text',
  company: 'text',
  job_title: 'text',
  phone: 'text',
  industry: 'text',
  company_size: 'text',
  source: 'text',
  status: 'text',
  tags: 'tags',
  marketing_consent: 'boolean',
  created_at: 'date',
} as const

/** Operators of a field condition. */
export type FieldOperator = 'equals' | 'in' | 'contains' | 'exists' | 'gt' | 'lt'

/** A test on one lead field (`custom_fields.<key>` for custom fields). */
export interface FieldCondition {
  field: string
  op: FieldOperator
  value?: string | number | boolean | Array<string | number>
}

/** A test on the lead's activities: at least `min_count` of these types, within the window. */
export interface ActivityCondition {
  activity: string[]
  min_count: number
  within_days: number | null
}

/** A rule's conditions once validated: all (or any) of them must hold. */
export interface RuleConditions {
  match: 'all' | 'any'
  conditions: Array<FieldCondition | ActivityCondition>
}

/** Ops allowed per field kind. */
const OPS_BY_KIND: Record<string, FieldOperator[]> = {
  text: ['equals', 'in', 'contains', 'exists'],
  tags: ['contains', 'in', 'exists'],
  boolean: ['equals'],
  date: ['gt', 'lt', 'exists'],
  custom: ['equals', 'in', 'contains', 'exists', 'gt', 'lt'],
}

const CUSTOM_FIELD = /^custom_fields\.([A-Za-z0-9_]{1,64})$/
const ACTIVITY_TYPE = /^[a-z][a-z0-9_]{0,63}$/
const MAX_CONDITIONS = 20

/** Kind of a rule field, or undefined when the field cannot be tested. */
export function fieldKind(field: string): string | undefined {
  if (CUSTOM_FIELD.test(field)) return 'custom'
  return (RULE_FIELDS as Record<string, string>)[field]
}

/** Whether a validated condition tests activities. */
export function isActivityCondition(
  condition: FieldCondition | ActivityCondition
): condition is ActivityCondition {
  return 'activity' in condition
}

const isScalar = (value: unknown) =>
  (typeof value === 'string' && value.length <= 500) ||
  (typeof value === 'number' && Number.isFinite(value))

/**
 * Checks a rule's `conditions` document and returns it normalised, or the
 * list of problems (field paths under `conditions`) for a 422. The format is
 * documented in docs/guide/leads.md: `{ "all": [...] }` or `{ "any": [...] }`
 * with field conditions `{ field, op, value }` and activity conditions
 * `{ activity, min_count, within_days }`.
 */
export function parseRuleConditions(
  input: unknown
): { ok: true; value: RuleConditions } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = []
  const fail = (field: string, message: string, rule = 'conditions') =>
    errors.push({ field, message, rule })

  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    fail('conditions', 'conditions must be an object with "all" or "any"')
    return { ok: false, errors }
  }
  const document = input as Record<string, unknown>
  const keys = Object.keys(document)
  const match = keys.includes('all') ? 'all' : keys.includes('any') ? 'any' : null
  if (!match || keys.length !== 1) {
    fail('conditions', 'conditions must have exactly one key: "all" or "any"')
    return { ok: false, errors }
  }
  const list = document[match]
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_CONDITIONS) {
    fail(`conditions.${match}`, `"${match}" must be a list of 1 to ${MAX_CONDITIONS} conditions`)
    return { ok: false, errors }
  }

  const conditions: Array<FieldCondition | ActivityCondition> = []
  list.forEach((raw, index) => {
    const path = `conditions.${match}.${index}`
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      fail(path, 'a condition must be an object')
      return
    }
    const item = raw as Record<string, unknown>
    if ('activity' in item) {
      const parsed = parseActivity(item, path, fail)
      if (parsed) conditions.push(parsed)
    } else if ('field' in item) {
      const parsed = parseField(item, path, fail)
      if (parsed) conditions.push(parsed)
    } else {
      fail(path, 'a condition needs "field" (a lead field) or "activity" (activity types)')
    }
  })
  if (errors.length) return { ok: false, errors }
  return { ok: true, value: { match, conditions } }
}

type Fail = (field: string, message: string, rule?: string) => void

function parseActivity(item: Record<string, unknown>, path: string, fail: Fail) {
  const allowed = ['activity', 'min_count', 'within_days']
  const extra = Object.keys(item).filter((key) => !allowed.includes(key))
  if (extra.length) fail(path, `unknown keys in an activity condition: ${extra.join(', ')}`)
  const types = typeof item.activity === 'string' ? [item.activity] : item.activity
  if (
    !Array.isArray(types) ||
    types.length === 0 ||
    types.length > 20 ||
    !types.every((type) => typeof type === 'string' && ACTIVITY_TYPE.test(type))
  ) {
    fail(
      `${path}.activity`,
      'activity must be an activity type (lower case, e.g. "email_opened") or a list of 1 to 20 of them'
    )
    return null
  }
  const minCount = item.min_count ?? 1
  if (!Number.isInteger(minCount) || (minCount as number) < 1 || (minCount as number) > 10000) {
    fail(`${path}.min_count`, 'min_count must be an integer from 1 to 10000')
    return null
  }
  const within = item.within_days ?? null
  if (
    within !== null &&
    (!Number.isInteger(within) || (within as number) < 1 || (within as number) > 3650)
  ) {
    fail(`${path}.within_days`, 'within_days must be an integer from 1 to 3650')
    return null
  }
  if (extra.length) return null
  return {
    activity: [...new Set(types as string[])],
    min_count: minCount as number,
    within_days: within as number | null,
  }
}

function parseField(item: Record<string, unknown>, path: string, fail: Fail) {
  const extra = Object.keys(item).filter((key) => !['field', 'op', 'value'].includes(key))
  if (extra.length) {
    fail(path, `unknown keys in a field condition: ${extra.join(', ')}`)
    return null
  }
  const field = item.field
  const kind = typeof field === 'string' ? fieldKind(field) : undefined
  if (!kind) {
    fail(
      `${path}.field`,
      `field must be one of ${Object.keys(RULE_FIELDS).join(', ')} or custom_fields.<key>`
    )
    return null
  }
  const op = item.op as FieldOperator
  if (!OPS_BY_KIND[kind].includes(op)) {
    fail(`${path}.op`, `op for ${field} must be one of ${OPS_BY_KIND[kind].join(', ')}`)
    return null
  }
  const value = item.value
  const valuePath = `${path}.value`
  if (op === 'exists') {
    if (value !== undefined && typeof value !== 'boolean') {
      fail(valuePath, 'exists takes true (default) or false')
      return null
    }
    return { field: field as string, op, value: value ?? true }
  }
  if (kind === 'boolean') {
    if (typeof value !== 'boolean') {
      fail(valuePath, `${field} equals takes true or false`)
      return null
    }
    return { field: field as string, op, value }
  }
  if (op === 'in') {
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      value.length > 100 ||
      !value.every(isScalar)
    ) {
      fail(valuePath, 'in takes a list of 1 to 100 strings or numbers')
      return null
    }
    return { field: field as string, op, value: value as Array<string | number> }
  }
  if (op === 'gt' || op === 'lt') {
    if (kind === 'date') {
      const date = typeof value === 'string' ? parseClientDate(value) : null
      if (!date) {
        fail(valuePath, `${op} on ${field} takes an ISO 8601 date (years 1900 to 2999)`)
        return null
      }
      return { field: field as string, op, value: date.toISOString() }
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      fail(valuePath, `${op} takes a number`)
      return null
    }
    return { field: field as string, op, value }
  }
  if (!isScalar(value) || value === '') {
    fail(valuePath, `${op} takes a non-empty string or a number`)
    return null
  }
  return { field: field as string, op, value: value as string | number }
}
