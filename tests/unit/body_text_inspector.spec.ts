import { test } from '@japa/runner'
import { BodyTextInspector } from '#core/http/body_text_inspector'

/** Feeds `chunks` to a fresh inspector and returns the first violation, if any. */
function inspect(chunks: Buffer[], maxDepth = 3) {
  const inspector = new BodyTextInspector(maxDepth)
  for (const chunk of chunks) {
    const violation = inspector.write(chunk)
    if (violation) return violation
  }
  return inspector.end()
}

test.group('BodyTextInspector', () => {
  test('a multi-byte character split across chunks is valid UTF-8', ({ assert }) => {
    const bytes = Buffer.from('{"name":"Zoë 🚀"}')
    for (let cut = 1; cut < bytes.length; cut += 1) {
      assert.isUndefined(inspect([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at ${cut}`)
    }
  })

  test('invalid bytes, overlong forms and surrogates encoded in UTF-8 are refused', ({
    assert,
  }) => {
    for (const bad of [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      const body = Buffer.concat([Buffer.from('{"a":"'), Buffer.from(bad), Buffer.from('"}')])
      assert.equal(inspect([body]), 'invalid-utf8', JSON.stringify(bad))
    }
    assert.equal(inspect([Buffer.from('{"a":"'), Buffer.from([0xf0, 0x9f])]), 'invalid-utf8')
  })

  test('nesting is counted outside strings only, escaped quotes included', ({ assert }) => {
    assert.isUndefined(inspect([Buffer.from('[[[1]]]')]))
    assert.equal(inspect([Buffer.from('[[[[1]]]]')]), 'too-deep')
    assert.equal(inspect([Buffer.from('[[['), Buffer.from('[]]]]')]), 'too-deep')
    assert.isUndefined(inspect([Buffer.from('{"a":"[[[[[\\"[[[[","b":[[1]]}')]))
    assert.isUndefined(inspect([Buffer.from('{"a":"\\\\","b":[[1]]}')]))
    assert.equal(inspect([Buffer.from('{"a":"\\\\","b":[[[1]]]}')]), 'too-deep')
    assert.isUndefined(inspect([Buffer.from('[[[[[[1]]]]]]')], Infinity))
  })
})
