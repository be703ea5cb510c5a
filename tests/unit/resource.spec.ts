import { test } from '@japa/runner'
import { column, columnSqlType, defineResource } from '#sdk'

/**
 * A resource that uses every derivation. Its schema is never registered (only
 * `jsonSchema()` is read), so it does not leak into the OpenAPI document.
 */
const widgets = defineResource({
  name: 'UnitTestWidget',
  table: 'widgets',
  columns: {
    id: column.uuid().required().csv(),
    label: column.text().nullable().writable().csv(),
    email: column
      .text()
      .required()
      .openapi({ format: 'email' })
      .writable({ set: (value: string) => value.toLowerCase() }),
    kind: column
      .enum(['a', 'b'] as const)
      .nullable()
      .writable({ on: 'create' }),
    state: column.enum(['on', 'off'] as const).openapi({ type: 'string' }),
    price: column.numeric().writable().csv(),
    score: column.float().nullable(),
    tags: column.textArray().writable(),
    settings: column.jsonb().writable({ on: 'update' }),
    timestamp: column.timestamp().required(),
  },
})

test.group('defineResource', () => {
  test('the select list keeps declaration order, quotes names and casts numeric', ({ assert }) => {
    assert.deepEqual(widgets.columns, [
      'id',
      'label',
      'email',
      'kind',
      'state',
      'price',
      'score',
      'tags',
      'settings',
      'timestamp',
    ])
    assert.equal(
      widgets.sql('w'),
      'w."id", w."label", w."email", w."kind", w."state", w."price"::float8 as "price", ' +
        'w."score", w."tags", w."settings", w."timestamp"'
    )
    assert.deepEqual(widgets.csvColumns, ['id', 'label', 'price'])
  })

  test('the JSON Schema follows types, nullability, required and openapi keywords', ({
    assert,
  }) => {
    assert.deepEqual(widgets.jsonSchema(), {
      type: 'object',
      required: ['id', 'email', 'timestamp'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        label: { type: ['string', 'null'] },
        email: { type: 'string', format: 'email' },
        kind: { enum: ['a', 'b', null] },
        state: { type: 'string', enum: ['on', 'off'] },
        price: { type: 'number' },
        score: { type: ['number', 'null'] },
        tags: { type: 'array', items: { type: 'string' } },
        settings: { type: 'object' },
        timestamp: { type: 'string', format: 'date-time' },
      },
    })
    // `type` from .openapi() stays the first keyword, as hand-written schemas have it.
    assert.deepEqual(Object.keys((widgets.jsonSchema() as any).properties.state), ['type', 'enum'])
  })

  test('values() takes the writable columns sent, per operation, in their stored form', ({
    assert,
  }) => {
    const input = {
      id: 'not writable',
      label: '',
      email: 'Ada@Example.COM',
      kind: 'a',
      price: 12.5,
      tags: ['x'],
      settings: { dark: true },
      unknown: 'ignored',
    }
    assert.deepEqual(widgets.values(input, 'create'), {
      label: null,
      email: 'ada@example.com',
      kind: 'a',
      price: 12.5,
      tags: ['x'],
    })
    assert.deepEqual(widgets.values(input, 'update'), {
      label: null,
      email: 'ada@example.com',
      price: 12.5,
      tags: ['x'],
      settings: '{"dark":true}',
    })
    assert.deepEqual(widgets.values({ label: null, price: undefined }, 'update'), { label: null })
    assert.deepEqual(widgets.writableColumns('create'), ['label', 'email', 'kind', 'price', 'tags'])
  })

  test('SQL types for recordsets and refusal of names that are not plain identifiers', ({
    assert,
  }) => {
    assert.equal(columnSqlType(widgets.column('kind')), 'text')
    assert.equal(columnSqlType(widgets.column('timestamp')), 'timestamptz')
    assert.equal(columnSqlType(widgets.column('score')), 'float8')
    assert.equal(columnSqlType(widgets.column('tags')), 'text[]')
    assert.throws(
      () => defineResource({ name: 'Bad', table: 't', columns: { 'a; drop': column.text() } }),
      /"a; drop" is not a column name/
    )
  })
})

/** A resource with computed columns: a correlated count, a joined column and a numeric expression. */
const shelves = defineResource({
  name: 'UnitTestShelf',
  table: 'shelves',
  columns: {
    id: column.uuid().required().csv(),
    name: column.text().writable().csv(),
    book_count: column
      .integer()
      .required()
      .computed((t) => `select count(*)::int from books b where b.shelf_id = ${t}.id`)
      .csv(),
    room_name: column.text().nullable().computed('r."name"'),
    ratio: column.numeric().nullable().computed('1.0 / 3'),
  },
})

test.group('defineResource computed columns', () => {
  test('are selected as expressions, with the alias or the table name, and left out of stored columns', ({
    assert,
  }) => {
    assert.deepEqual(shelves.columns, ['id', 'name', 'book_count', 'room_name', 'ratio'])
    assert.deepEqual(shelves.storedColumns, ['id', 'name'])
    assert.deepEqual(shelves.csvColumns, ['id', 'name', 'book_count'])
    assert.equal(
      shelves.sql('s'),
      's."id", s."name", (select count(*)::int from books b where b.shelf_id = s.id) as "book_count", ' +
        '(r."name") as "room_name", (1.0 / 3)::float8 as "ratio"'
    )
    assert.equal(
      shelves.sql(),
      '"id", "name", (select count(*)::int from books b where b.shelf_id = shelves.id) as "book_count", ' +
        '(r."name") as "room_name", (1.0 / 3)::float8 as "ratio"'
    )
    assert.equal(shelves.sql('s', { stored: true }), 's."id", s."name"')
    assert.equal(
      shelves.sql('s', { omit: ['book_count', 'ratio'] }),
      's."id", s."name", (r."name") as "room_name"'
    )
  })

  test('derive their schema from kind and nullability and are never writable', ({ assert }) => {
    assert.deepEqual(shelves.jsonSchema(), {
      type: 'object',
      required: ['id', 'book_count'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        name: { type: 'string' },
        book_count: { type: 'integer' },
        room_name: { type: ['string', 'null'] },
        ratio: { type: ['number', 'null'] },
      },
    })
    assert.deepEqual(shelves.writableColumns('create'), ['name'])
    assert.deepEqual(shelves.values({ name: 'n', book_count: 3, room_name: 'x' }, 'create'), {
      name: 'n',
    })
    assert.throws(() => column.integer().computed('1').writable(), /never writable/)
    assert.throws(() => column.integer().writable().computed('1'), /cannot be computed/)
  })
})

/* Compile-time checks of the inferred row type (`npm run typecheck` fails if they break). */
type WidgetRow = typeof widgets.$row
const nullableKind: WidgetRow['kind'] = null
// @ts-expect-error: `state` is NOT NULL, so null is not a state
const nullState: WidgetRow['state'] = null
// @ts-expect-error: `kind` only holds the declared values
const otherKind: WidgetRow['kind'] = 'c'
void [nullableKind, nullState, otherKind]
type ShelfRow = typeof shelves.$row
const bookCount: ShelfRow['book_count'] = 3
const noRoom: ShelfRow['room_name'] = null
// @ts-expect-error: `book_count` is NOT NULL
const noCount: ShelfRow['book_count'] = null
void [bookCount, noRoom, noCount]
