import { type Binding } from '#sdk'

/**
 * A piece of SQL with its bound values, in the order their `?` placeholders
 * appear. Built with the `sql` tag so that values are always bound, never
 * spliced into the text.
 */
export class SqlFragment {
  constructor(
    readonly text: string,
    readonly bindings: Binding[]
  ) {}
}

/**
 * Tagged template for SQL: interpolated SqlFragments are inlined (with their
 * bindings), every other value becomes a `?` placeholder. The text itself must
 * not contain `?` (knex reads it as a placeholder).
 */
export function sql(strings: TemplateStringsArray, ...values: Array<SqlFragment | Binding>) {
  let text = strings[0]
  const bindings: Binding[] = []
  values.forEach((value, index) => {
    if (value instanceof SqlFragment) {
      text += value.text
      bindings.push(...value.bindings)
    } else {
      text += '?'
      bindings.push(value)
    }
    text += strings[index + 1]
  })
  return new SqlFragment(text, bindings)
}

/** Joins fragments with a separator (plain SQL text). */
export function join(fragments: SqlFragment[], separator: string) {
  return new SqlFragment(
    fragments.map((fragment) => fragment.text).join(separator),
    fragments.flatMap((fragment) => fragment.bindings)
  )
}

/** Trusted SQL text with no bindings (identifiers chosen by the code, never by input). */
export function raw(text: string) {
  return new SqlFragment(text, [])
}
