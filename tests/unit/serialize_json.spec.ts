import { test } from '@japa/runner'
import { safeStringify } from '@poppinss/utils/json'
import { serializeJson } from '#core/http/serialize_json'

test.group('serializeJson (response bodies)', () => {
  test('gives the same text as the framework serializer', ({ assert }) => {
    const samples: unknown[] = [
      { data: [{ id: 'a', n: 1.5, ok: true, none: null, skip: undefined }], next_cursor: null },
      [1, undefined, () => 1, Number.NaN, Number.POSITIVE_INFINITY, -0],
      { when: new Date('2026-01-02T03:04:05.678Z'), buffer: Buffer.from('hi') },
      { text: 'quote " backslash \\ newline \n control \u0001 emoji 😀 lone \ud800 \udfff' },
      { nested: { deep: { deeper: [{ a: [] }, {}] } } },
      { custom: { toJSON: () => ({ replaced: true }) } },
      'plain',
      42,
    ]
    for (const sample of samples) {
      assert.strictEqual(serializeJson(sample), safeStringify(sample))
    }
  })

  test('writes BigInts as strings and leaves circular references out, like safeStringify', ({
    assert,
  }) => {
    const big = { id: 12345678901234567890n, list: [1n] }
    assert.strictEqual(serializeJson(big), '{"id":"12345678901234567890","list":["1"]}')

    const circular: Record<string, unknown> = { name: 'loop' }
    circular.self = circular
    assert.strictEqual(serializeJson(circular), safeStringify(circular))
    assert.strictEqual(serializeJson(circular), '{"name":"loop"}')
  })
})
