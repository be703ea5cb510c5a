import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import type { JsonSchema } from '#core/openapi/operation_registry'
import { defineSchema } from '#core/openapi/schema_registry'
import { tenantTrx } from '#core/tenancy/tenant_context'

/** The PostgreSQL types a resource column can have. */
export type ColumnKind =
  | 'uuid'
  | 'text'
  | 'integer'
  | 'numeric'
  | 'float'
  | 'boolean'
  | 'timestamp'
  | 'date'
  | 'jsonb'
  | 'enum'
  | 'text[]'
  | 'uuid[]'

/** Which writes of the API may set a column. */
export type WriteOperation = 'create' | 'update'

/** Everything a resource knows about one column (read by the derivations). */
export interface ColumnSpec {
  kind: ColumnKind
  nullable: boolean
  /** The operations through which the API may write it. */
  writableOn: readonly WriteOperation[]
  /** Turns a validated input value into the stored value (default: see `storedValue`). */
  set?: (value: any) => unknown
  /** Part of the CSV export. */
  csv: boolean
  /** Listed under `required` in the OpenAPI response schema. */
  required: boolean
  /** Extra JSON Schema keywords merged into the derived schema (`format`, `minimum`, ...). */
  openapi?: JsonSchema
  /** A JSON Schema that replaces the derived one entirely. */
  schema?: JsonSchema
  /** The values of an `enum` column. */
  values?: readonly string[]
  /**
   * A read-only computed column: the SQL expression selected under the
   * column's name (see `Column.computed`). Never writable.
   */
  computed?: string | ((table: string) => string)
}

/**
 * One column of a resource, built fluently (`column.text().nullable().writable()`).
 * `T` is the type of the value in a row; every method returns a new column.
 */
export class Column<T> {
  /** Only for type inference: the value's type in a row. */
  declare readonly $type: T

  constructor(readonly spec: ColumnSpec) {}

  private with<U = T>(change: Partial<ColumnSpec>): Column<U> {
    return new Column<U>({ ...this.spec, ...change })
  }

  /** The column may hold NULL (the row type and the OpenAPI schema say so). */
  nullable(): Column<T | null> {
    return this.with<T | null>({ nullable: true })
  }

  /**
   * The API may write the column (on create and update unless `on` says one of
   * them). `set` converts the validated input value into the stored one
   * (normalising an e-mail, sorting tags).
   */
  writable(options: { on?: WriteOperation; set?: (value: any) => unknown } = {}): Column<T> {
    if (this.spec.computed) throw new Error('A computed column is never writable')
    return this.with({
      writableOn: options.on ? [options.on] : ['create', 'update'],
      set: options.set ?? this.spec.set,
    })
  }

  /** The column is part of the CSV export (in declaration order). */
  csv(): Column<T> {
    return this.with({ csv: true })
  }

  /** The column is listed under `required` in the OpenAPI response schema. */
  required(): Column<T> {
    return this.with({ required: true })
  }

  /** Extra JSON Schema keywords (format, minimum, description) added to the derived schema. */
  openapi(extra: JsonSchema): Column<T> {
    return this.with({ openapi: { ...this.spec.openapi, ...extra } })
  }

  /**
   * A read-only computed column: `expression` is selected as the column
   * (`(expression) as "name"`) instead of a stored column. A function gets
   * the table's alias (or its name) to refer to the row's own columns:
   * `(t) => \`(select count(*) from kb_documents d where d.bucket_id = ${t}.id)\``.
   * A joined column is an expression on the joined table's alias
   * (`'d."title"'`), for the queries that make that join. The declared kind
   * and nullability give the row type and the schema; it may be `.csv()`,
   * `.required()` and `.openapi()` like any column, never `.writable()`,
   * and it is left out of `storedColumns` (and so of `returning`).
   */
  computed(expression: string | ((table: string) => string)): Column<T> {
    if (this.spec.writableOn.length) throw new Error('A writable column cannot be computed')
    return this.with({ computed: expression })
  }

  /** Replaces the derived JSON Schema (for a structured jsonb value, say). */
  schema(schema: JsonSchema): Column<T> {
    return this.with({ schema })
  }
}

function make<T>(kind: ColumnKind, values?: readonly string[]): Column<T> {
  return new Column<T>({
    kind,
    nullable: false,
    writableOn: [],
    csv: false,
    required: false,
    values,
  })
}

/**
 * Column builders, one per PostgreSQL type; each is NOT NULL, read-only and
 * left out of the CSV export until said otherwise.
 */
export const column = {
  /** `uuid`, a string in rows. */
  uuid: () => make<string>('uuid'),
  /** `text`. */
  text: () => make<string>('text'),
  /** `integer` / `bigint` small enough for a JS number. */
  integer: () => make<number>('integer'),
  /** `numeric`, selected as float8 so that rows and JSON carry numbers. */
  numeric: () => make<number>('numeric'),
  /** `real` / `double precision`, read as they are (already numbers). */
  float: () => make<number>('float'),
  /** `boolean`. */
  boolean: () => make<boolean>('boolean'),
  /** `timestamptz`, a Date in rows and a date-time string in JSON. */
  timestamp: () => make<Date>('timestamp'),
  /** `date`. */
  date: () => make<Date | string>('date'),
  /** `jsonb` holding an object (or `T`). */
  jsonb: <J = Record<string, unknown>>() => make<J>('jsonb'),
  /** `text` limited to the given values by a CHECK constraint. */
  enum: <const V extends readonly string[]>(values: V) => make<V[number]>('enum', values),
  /** `text[]`. */
  textArray: () => make<string[]>('text[]'),
  /** `uuid[]`. */
  uuidArray: () => make<string[]>('uuid[]'),
}

/** The columns of a resource, by name. */
export type Columns = Record<string, Column<any>>

/** The row type of a set of columns (what a select of the resource returns). */
export type RowOf<C extends Columns> = { [K in keyof C]: C[K]['$type'] }

const SCALAR: Record<ColumnKind, JsonSchema> = {
  'uuid': { type: 'string', format: 'uuid' },
  'text': { type: 'string' },
  'integer': { type: 'integer' },
  'numeric': { type: 'number' },
  'float': { type: 'number' },
  'boolean': { type: 'boolean' },
  'timestamp': { type: 'string', format: 'date-time' },
  'date': { type: 'string', format: 'date' },
  'jsonb': { type: 'object' },
  'enum': {},
  'text[]': { type: 'array', items: { type: 'string' } },
  'uuid[]': { type: 'array', items: { type: 'string', format: 'uuid' } },
}

/**
 * The JSON Schema of a column's value in API responses: derived from its
 * kind and nullability, then `.openapi()` keywords on top (`type` stays the
 * first keyword, so an enum can state its type too).
 */
export function columnJsonSchema(spec: ColumnSpec): JsonSchema {
  if (spec.schema) return spec.schema
  let schema: JsonSchema
  if (spec.kind === 'enum') {
    schema = { enum: spec.nullable ? [...spec.values!, null] : [...spec.values!] }
  } else {
    const { type, ...rest } = SCALAR[spec.kind]
    schema = { type: spec.nullable ? [type, 'null'] : type, ...rest }
  }
  const { type, ...extra } = spec.openapi ?? {}
  if (type === undefined) return { ...schema, ...extra }
  const derived = { ...schema }
  delete derived.type
  return { type, ...derived, ...extra }
}

/** The SQL type of a column, as a `jsonb_to_recordset` or cast needs it. */
export function columnSqlType(spec: ColumnSpec): string {
  switch (spec.kind) {
    case 'enum':
      return 'text'
    case 'timestamp':
      return 'timestamptz'
    case 'float':
      return 'float8'
    default:
      return spec.kind
  }
}

/**
 * The stored value of a validated input value: the column's `set`, else blank
 * text becomes NULL on a nullable column and jsonb is sent as JSON text.
 */
function storedValue(spec: ColumnSpec, value: unknown): unknown {
  if (spec.set) return spec.set(value)
  if (value === null) return null
  if (spec.kind === 'jsonb') return JSON.stringify(value)
  if (spec.nullable && (spec.kind === 'text' || spec.kind === 'enum') && value === '') return null
  return value
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/

/**
 * A resource: one table as the API exposes it, declared once. Everything
 * that used to be kept by hand in several files derives from it: the selected
 * columns, the row type, the OpenAPI response schema, the CSV export columns
 * and the columns the API may write.
 */
export class Resource<C extends Columns> {
  /** Only for type inference: `typeof resource.$row` is the row type. */
  declare readonly $row: RowOf<C>
  /** The column names, in declaration order (= the select list and the schema's property order). */
  readonly columns: ReadonlyArray<keyof C & string>
  /** The columns of the CSV export, in declaration order. */
  readonly csvColumns: ReadonlyArray<keyof C & string>
  /** The stored (not computed) columns, in declaration order: what `returning` can give. */
  readonly storedColumns: ReadonlyArray<keyof C & string>
  #schemaRef?: JsonSchema

  constructor(
    /** The OpenAPI component name (`Lead`). */
    readonly name: string,
    /** The table (`leads`), optionally schema-qualified. */
    readonly table: string,
    /** The column declarations. */
    readonly definition: C
  ) {
    this.columns = Object.keys(definition)
    for (const key of this.columns) {
      if (!IDENTIFIER.test(key)) throw new Error(`${table}: "${key}" is not a column name`)
    }
    this.csvColumns = this.columns.filter((key) => definition[key].spec.csv)
    this.storedColumns = this.columns.filter((key) => !definition[key].spec.computed)
  }

  /** The declaration of one column. */
  column(name: keyof C & string): ColumnSpec {
    return this.definition[name].spec
  }

  /**
   * The select list as SQL (`l."id", l."total_budget"::float8 as "total_budget"`),
   * for `select`, `returning` and joins; `alias` prefixes each column. Names
   * are quoted, so a column may be called `timestamp`. Computed columns are
   * selected as `(expression) as "name"`; `{ stored: true }` leaves them out
   * (for `returning`), `omit` leaves out columns read only on request (a
   * large text, a vector).
   */
  sql(
    alias?: string,
    options: { stored?: boolean; omit?: ReadonlyArray<keyof C & string> } = {}
  ): string {
    const prefix = alias ? `${alias}.` : ''
    const names = (options.stored ? this.storedColumns : this.columns).filter(
      (name) => !options.omit?.includes(name)
    )
    return names
      .map((name) => {
        const spec = this.definition[name].spec
        if (spec.computed) {
          const expression =
            typeof spec.computed === 'function' ? spec.computed(alias ?? this.table) : spec.computed
          const cast = spec.kind === 'numeric' ? '::float8' : ''
          return `(${expression})${cast} as "${name}"`
        }
        return spec.kind === 'numeric'
          ? `${prefix}"${name}"::float8 as "${name}"`
          : `${prefix}"${name}"`
      })
      .join(', ')
  }

  /**
   * A query on the table selecting the resource's columns, on the tenant
   * transaction by default; `alias` names the table (`from leads as l`) for
   * joins and the computed columns' expressions; `omit` leaves columns out
   * of the select (they stay in the row type: read them only when selected).
   */
  query(
    client: QueryClientContract = tenantTrx(),
    alias?: string,
    options: { omit?: ReadonlyArray<keyof C & string> } = {}
  ): DatabaseQueryBuilderContract<RowOf<C>> {
    return client
      .from(alias ? `${this.table} as ${alias}` : this.table)
      .select(client.raw(this.sql(alias, { omit: options.omit }))) as any
  }

  /** The JSON Schema of a row in API responses (not registered). */
  jsonSchema(): JsonSchema {
    const required = this.columns.filter((name) => this.definition[name].spec.required)
    return {
      type: 'object',
      required,
      properties: Object.fromEntries(
        this.columns.map((name) => [name, columnJsonSchema(this.definition[name].spec)])
      ),
    }
  }

  /**
   * A `$ref` to the row schema, registered as an OpenAPI component under the
   * resource's name on first use (so components keep the order in which the
   * OpenAPI files use them).
   */
  get schema(): JsonSchema {
    this.#schemaRef ??= defineSchema(this.name, this.jsonSchema())
    return this.#schemaRef
  }

  /** The columns the API may write on this operation, in declaration order. */
  writableColumns(operation: WriteOperation): Array<keyof C & string> {
    return this.columns.filter((name) => this.definition[name].spec.writableOn.includes(operation))
  }

  /**
   * The stored values of the writable columns present in a validated input
   * (undefined means "not sent" and is left out): the body of an insert or
   * an update. Columns the API may not write are ignored.
   */
  values(
    input: Record<string, unknown>,
    operation: WriteOperation
  ): Partial<Record<keyof C & string, unknown>> {
    const values: Partial<Record<keyof C & string, unknown>> = {}
    for (const name of this.writableColumns(operation)) {
      if (input[name] !== undefined) {
        values[name] = storedValue(this.definition[name].spec, input[name])
      }
    }
    return values
  }
}

/**
 * Declares a resource: its OpenAPI name, its table and its columns. See
 * docs/concepts/data-access.md.
 */
export function defineResource<C extends Columns>(options: {
  name: string
  table: string
  columns: C
}): Resource<C> {
  return new Resource(options.name, options.table, options.columns)
}
