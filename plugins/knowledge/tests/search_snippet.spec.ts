import { test } from '@japa/runner'
import { SNIPPET_CHARS, snippetOf } from '../services/snippet.js'

const FILLER = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(8)

test.group('Knowledge search: snippets', () => {
  test('a short chunk is its own snippet, whitespace collapsed', ({ assert }) => {
    assert.equal(snippetOf('Short  chunk\n\nwith lines.', 'chunk'), 'Short chunk with lines.')
  })

  test('a long chunk gives a bounded window around the query terms', ({ assert }) => {
    const content = `${FILLER}The refund policy covers annual subscriptions cancelled within thirty days. ${FILLER}`
    const snippet = snippetOf(content, 'refunds for annual subscription')
    assert.include(snippet, 'refund policy covers annual subscriptions')
    assert.isTrue(snippet.startsWith('…'))
    assert.isTrue(snippet.endsWith('…'))
    assert.isAtMost(snippet.length, SNIPPET_CHARS + 2)
    // Cut on word boundaries.
    assert.match(snippet, /^…[A-Za-z]/)
  })

  test('without any matching word it is the start of the chunk', ({ assert }) => {
    const content = `Opening words of the chunk. ${FILLER}`
    const snippet = snippetOf(content, 'zebra')
    assert.isTrue(snippet.startsWith('Opening words of the chunk.'))
    assert.isTrue(snippet.endsWith('…'))
    assert.isAtMost(snippet.length, SNIPPET_CHARS + 1)
  })
})
