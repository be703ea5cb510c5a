import type { AiMessage } from '#core/ai/ai_types'
import { AiGatewayError } from '#core/ai/ai_gateway_error'
import { localAnswer, rankPassages, lastUserMessage, keyTerms } from '#core/ai/local_text_generator'
import type { Passage } from '#core/ai/local_text_generator'
import { sentences, terms, truncateWords } from '#core/ai/text_analysis'

type Schema = Record<string, any>

/** What the generator knows about the inputs. */
interface Inputs {
  root: Schema
  /** `key: value` lines of the inputs, by normalised key. */
  pairs: Map<string, string>
  passages: Passage[]
  question: string
  answer: string
  messages: AiMessage[]
  /** Items and characters still allowed in the output (see OUTPUT_BUDGET). */
  budget: number
}

/**
 * Most array items plus minimum string characters one object may hold: a schema
 * such as `{ minItems: 1e9 }` (or nested minimums that multiply) is refused with
 * a 422 instead of exhausting the server's memory.
 */
export const OUTPUT_BUDGET = 200_000

/** Takes `amount` from the output budget, or refuses the schema. */
function spend(inputs: Inputs, amount: number) {
  if (!(amount <= inputs.budget)) throw AiGatewayError.schemaTooLarge('local', OUTPUT_BUDGET)
  inputs.budget -= amount
}

const normaliseKey = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')

/** `key: value` and `key = value` lines of a text. */
function extractPairs(texts: string[]) {
  const pairs = new Map<string, string>()
  for (const text of texts) {
    for (const line of text.split(/\n/)) {
      const match = /^\s*[-*]?\s*([A-Za-z][\w \-]{0,40}?)\s*[:=]\s*(\S.*)$/.exec(line)
      if (match && !pairs.has(normaliseKey(match[1]))) {
        pairs.set(normaliseKey(match[1]), match[2].trim())
      }
    }
  }
  return pairs
}

/**
 * The local provider's structured output: walks the JSON Schema and fills each
 * field from the inputs — explicit `field: value` lines first, then the
 * sentences most relevant to the field's name and description, then the
 * schema's own `const`/`default`/`enum`/bounds. Deterministic. The gateway
 * validates the result like any provider's; a schema the inputs cannot satisfy
 * (e.g. a `pattern` nothing matches) fails validation.
 */
export function localObject(input: {
  schema: Schema
  messages: AiMessage[]
  system?: string
  context?: string[]
}): unknown {
  const texts = [...(input.context ?? []), ...input.messages.map((m) => m.content)]
  const passages: Passage[] = []
  texts.forEach((text, index) => {
    for (const sentence of sentences(text)) {
      if (/^\s*[A-Za-z][\w \-]{0,40}?\s*[:=]\s*\S/.test(sentence) && sentence.length < 60) continue
      passages.push({
        text: sentence,
        source: index,
        position: passages.length,
        terms: terms(sentence),
      })
    }
  })
  const inputs: Inputs = {
    root: input.schema,
    pairs: extractPairs(texts),
    passages,
    question: lastUserMessage(input.messages),
    answer: localAnswer({ messages: input.messages, context: input.context }),
    messages: input.messages,
    budget: OUTPUT_BUDGET,
  }
  return valueFor(input.schema, '', inputs, 0, 0)
}

function resolve(schema: Schema, inputs: Inputs): Schema {
  let current = schema
  for (let hops = 0; hops < 10 && typeof current?.$ref === 'string'; hops++) {
    const path = current.$ref.replace(/^#\/?/, '').split('/').filter(Boolean)
    let target: any = inputs.root
    for (const part of path) target = target?.[part.replace(/~1/g, '/').replace(/~0/g, '~')]
    current = {
      ...target,
      ...Object.fromEntries(Object.entries(current).filter(([k]) => k !== '$ref')),
    }
  }
  return current ?? {}
}

function typeOf(schema: Schema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t: string) => t !== 'null') ?? 'null'
  if (schema.type) return schema.type
  if (schema.properties) return 'object'
  if (schema.items) return 'array'
  return undefined
}

/** Passages ranked for a field: its name and description plus the user's question. */
function relevant(inputs: Inputs, name: string, schema: Schema) {
  const fieldTerms = terms(
    `${name.replace(/[_-]/g, ' ')} ${schema.description ?? ''} ${schema.title ?? ''}`
  )
  const ranked = rankPassages(inputs.passages, fieldTerms).filter((r) => r.score > 0)
  if (ranked.length) return ranked.map((r) => r.passage)
  return rankPassages(inputs.passages, terms(inputs.question)).map((r) => r.passage)
}

/** Nesting beyond which recursive schemas get no further values. */
const MAX_DEPTH = 8

function valueFor(
  raw: Schema,
  name: string,
  inputs: Inputs,
  depth: number,
  focus: number
): unknown {
  const schema = resolve(raw, inputs)
  if (depth > MAX_DEPTH) return typeOf(schema) === 'array' ? [] : null
  if ('const' in schema) return schema.const
  const choices = schema.anyOf ?? schema.oneOf
  if (Array.isArray(choices) && choices.length) {
    const branch = choices.find((c: Schema) => typeOf(resolve(c, inputs)) !== 'null') ?? choices[0]
    return valueFor(
      { ...schema, anyOf: undefined, oneOf: undefined, ...branch },
      name,
      inputs,
      depth + 1,
      focus
    )
  }
  if (Array.isArray(schema.allOf)) {
    const merged = schema.allOf.reduce(
      (all: Schema, part: Schema) => {
        const resolved = resolve(part, inputs)
        return {
          ...all,
          ...resolved,
          properties: { ...all.properties, ...resolved.properties },
          required: [...(all.required ?? []), ...(resolved.required ?? [])],
        }
      },
      { ...schema, allOf: undefined }
    )
    return valueFor(merged, name, inputs, depth + 1, focus)
  }
  const pair = name ? inputs.pairs.get(normaliseKey(name)) : undefined
  if (Array.isArray(schema.enum)) return pickEnum(schema.enum, pair, inputs)
  switch (typeOf(schema)) {
    case 'object':
      return objectValue(schema, inputs, depth, focus)
    case 'array':
      return arrayValue(schema, name, pair, inputs, depth)
    case 'integer':
    case 'number':
      return numberValue(schema, name, pair, inputs)
    case 'boolean':
      if (pair !== undefined) return /^(true|yes|y|1|on)\b/i.test(pair)
      return typeof schema.default === 'boolean' ? schema.default : false
    case 'null':
      return null
    default:
      return stringValue(schema, name, pair, inputs, focus)
  }
}

function objectValue(schema: Schema, inputs: Inputs, depth: number, focus: number) {
  const result: Record<string, unknown> = {}
  for (const [key, child] of Object.entries<Schema>(schema.properties ?? {})) {
    result[key] = valueFor(child, key, inputs, depth + 1, focus)
  }
  return result
}

function arrayValue(
  schema: Schema,
  name: string,
  pair: string | undefined,
  inputs: Inputs,
  depth: number
) {
  const items = resolve(schema.items ?? {}, inputs)
  const min = schema.minItems ?? 0
  const max = schema.maxItems ?? Number.POSITIVE_INFINITY
  if (pair !== undefined && typeOf(items) === 'string' && !items.enum) {
    const parts = pair.split(/\s*[,;]\s*/).filter(Boolean)
    if (parts.length >= min) return parts.slice(0, max)
  }
  const itemType = typeOf(items)
  // Up to three items; arrays of objects or arrays deeper down (e.g. recursive trees) get only
  // their minimum, so the output stays small and recursion ends.
  const nests = itemType === 'object' || itemType === 'array'
  const count = Math.max(min, Math.min(max, nests && depth > 2 ? 0 : 3))
  spend(inputs, count)
  if (itemType === 'string' && !items.enum && !items.format && !items.pattern) {
    const candidates = [
      ...relevant(inputs, name, schema).map((p) => p.text),
      ...keyTerms(
        inputs.messages.map((m) => m.content),
        10
      ),
    ]
    const values: string[] = []
    for (const candidate of candidates) {
      const value = fitString(candidate, items, inputs)
      if (!values.includes(value)) values.push(value)
      if (values.length >= count) break
    }
    while (values.length < min)
      values.push(fitString(`${name} ${values.length + 1}`, items, inputs))
    return values
  }
  return Array.from({ length: count }, (_, index) =>
    valueFor(items, name, inputs, depth + 1, index)
  )
}

function numberValue(schema: Schema, name: string, pair: string | undefined, inputs: Inputs) {
  let value: number | undefined
  const fromText = (text: string) => {
    const match = /-?\d[\d,]*(?:\.\d+)?/.exec(text)
    return match ? Number(match[0].replace(/,/g, '')) : undefined
  }
  if (pair !== undefined) value = fromText(pair)
  if (value === undefined && name) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const mention = new RegExp(
      `${escaped.replace(/[_-]/g, '[ _-]?')}\\D{0,20}?(-?\\d[\\d,]*(?:\\.\\d+)?)`,
      'i'
    )
    for (const passage of inputs.passages) {
      const match = mention.exec(passage.text)
      if (match) {
        value = Number(match[1].replace(/,/g, ''))
        break
      }
    }
  }
  if (value === undefined || Number.isNaN(value))
    value = typeof schema.default === 'number' ? schema.default : 0
  if (typeof schema.minimum === 'number') value = Math.max(value, schema.minimum)
  if (typeof schema.maximum === 'number') value = Math.min(value, schema.maximum)
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
    value = schema.exclusiveMinimum + 1
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
    value = schema.exclusiveMaximum - 1
  if (typeOf(schema) === 'integer') value = Math.round(value)
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0) {
    value = Math.round(value / schema.multipleOf) * schema.multipleOf
  }
  return value
}

function pickEnum(options: unknown[], pair: string | undefined, inputs: Inputs) {
  const haystack =
    `${pair ?? ''} ${inputs.question} ${inputs.passages.map((p) => p.text).join(' ')}`.toLowerCase()
  let best = options[0]
  let bestScore = 0
  for (const option of options) {
    if (pair !== undefined && String(option).toLowerCase() === pair.toLowerCase()) return option
    const needle = String(option).toLowerCase()
    const score = needle ? haystack.split(needle).length - 1 : 0
    if (score > bestScore) {
      best = option
      bestScore = score
    }
  }
  return best
}

const FORMAT_PATTERNS: Record<string, RegExp> = {
  'email': /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/,
  'uri': /\bhttps?:\/\/[^\s"'<>]+/,
  'url': /\bhttps?:\/\/[^\s"'<>]+/,
  'date': /\b\d{4}-\d{2}-\d{2}\b/,
  'date-time': /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})\b/,
  'uuid': /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i,
}

const SHORT_FIELD =
  /(title|name|headline|subject|label|slug|tag|keyword|heading|cta|call_to_action)$/i
const LONG_FIELD = /(body|content|text|description|summary|answer|message|copy|details)$/i

function stringValue(
  schema: Schema,
  name: string,
  pair: string | undefined,
  inputs: Inputs,
  focus: number
) {
  const all = inputs.passages.map((p) => p.text).join('\n')
  const corpus = [pair ?? '', all, ...inputs.messages.map((m) => m.content)].join('\n')
  const format = FORMAT_PATTERNS[schema.format]
  if (format) {
    const found = format.exec(corpus)?.[0]
    if (found) return found
    if (schema.format === 'date') return new Date().toISOString().slice(0, 10)
    if (schema.format === 'date-time') return new Date().toISOString()
  }
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern, 'u')
    // Short candidates only: the caller's pattern runs on them (bounded backtracking cost).
    const candidates = [pair, ...corpus.split(/\s+/), ...inputs.passages.map((p) => p.text)]
    const found = candidates.find((c) => c !== undefined && c.length <= 200 && pattern.test(c))
    if (found !== undefined) return found
  }
  if (pair !== undefined) return fitString(pair, schema, inputs)
  if (typeof schema.default === 'string') return schema.default
  if (LONG_FIELD.test(name) && inputs.answer) return fitString(inputs.answer, schema, inputs)
  const ranked = relevant(inputs, name, schema)
  const chosen = ranked.length ? ranked[focus % ranked.length].text : inputs.answer
  return fitString(
    chosen || inputs.question,
    schema,
    inputs,
    SHORT_FIELD.test(name) ? 80 : undefined
  )
}

/** Fits a text to a string schema's length bounds. */
function fitString(text: string, schema: Schema, inputs: Inputs, preferred?: number) {
  const max = Math.min(
    schema.maxLength ?? Number.POSITIVE_INFINITY,
    preferred ?? Number.POSITIVE_INFINITY
  )
  let value = Number.isFinite(max) ? truncateWords(text, max) : text
  const min = schema.minLength ?? 0
  if (value.length < min) {
    spend(inputs, min)
    const more = [value, ...inputs.passages.map((p) => p.text).filter((t) => t !== value)]
    value = more.join(' ')
    while (value.length < min && value.length > 0) value = `${value} ${value}`
    if (Number.isFinite(schema.maxLength)) value = truncateWords(value, schema.maxLength)
    if (value.length < min) value = value.padEnd(min, '.')
  }
  return value
}
