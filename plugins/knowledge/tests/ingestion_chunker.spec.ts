import { test } from '@japa/runner'
import { chunkText, contentHash, countTokens, splitSections } from '../services/chunker.js'
import { longMarkdown } from './ingestion_support.js'

test.group('Knowledge ingestion: chunker', () => {
  test('chunks are exact slices within the token budget, with heading paths and overlap', ({
    assert,
  }) => {
    const text = longMarkdown(3, 12)
    const chunks = chunkText(text, { chunkTokens: 120, overlapTokens: 20 })
    assert.isAbove(chunks.length, 6)
    for (const chunk of chunks) {
      assert.equal(text.slice(chunk.start, chunk.end), chunk.content)
      assert.equal(chunk.tokenCount, countTokens(chunk.content))
      assert.isAtMost(chunk.tokenCount, 120)
      assert.equal(chunk.contentHash, contentHash(chunk.content))
      // Never starts or ends inside a word.
      assert.isTrue(
        chunk.start === 0 || /\s/.test(text[chunk.start - 1]),
        chunk.content.slice(0, 30)
      )
      assert.isTrue(
        chunk.end === text.length || /\s/.test(text[chunk.end]),
        chunk.content.slice(-30)
      )
    }
    // Heading paths follow the structure, and a chunk never spans two sections.
    assert.deepEqual(chunks[0].headings, ['Field guide'])
    const sectionTwo = chunks.filter((chunk) => chunk.headings.at(-1) === 'Section 2')
    assert.isAbove(sectionTwo.length, 1)
    for (const chunk of sectionTwo) {
      assert.deepEqual(chunk.headings, ['Field guide', 'Section 2'])
      assert.notInclude(chunk.content, 'section 1 ')
      assert.notInclude(chunk.content, 'section 3 ')
    }
    // Consecutive chunks of a section overlap (the next starts inside the previous).
    let overlapping = 0
    for (let index = 1; index < chunks.length; index++) {
      const previous = chunks[index - 1]
      const current = chunks[index]
      if (previous.headings.join('/') !== current.headings.join('/')) continue
      assert.isAtLeast(current.start, previous.start)
      if (current.start < previous.end) {
        overlapping++
        assert.isAtMost(countTokens(text.slice(current.start, previous.end)), 20)
      }
    }
    assert.isAbove(overlapping, 0)
  })

  test('splits long paragraphs at sentences, and a single huge word by tokens', ({ assert }) => {
    const sentences = Array.from(
      { length: 30 },
      (_, index) =>
        `Sentence number ${index} describes the ${index % 2 ? 'red' : 'blue'} valve in detail.`
    ).join(' ')
    const chunks = chunkText(sentences, { chunkTokens: 60, overlapTokens: 0 })
    assert.isAbove(chunks.length, 3)
    for (const chunk of chunks) {
      assert.match(chunk.content, /^Sentence number \d+/)
      assert.match(chunk.content, /\.$/)
      assert.isAtMost(chunk.tokenCount, 60)
    }

    const blob = 'x9Qz'.repeat(400)
    const pieces = chunkText(blob, { chunkTokens: 50, overlapTokens: 0 })
    assert.isAbove(pieces.length, 3)
    for (const piece of pieces) assert.isAtMost(piece.tokenCount, 50)
    assert.equal(
      pieces.map((piece) => piece.content).join(''),
      blob,
      'the pieces of the word put together are the word'
    )
    const mixed = chunkText(`Before the blob.\n\n${blob}\n\nAfter the blob.`, {
      chunkTokens: 50,
      overlapTokens: 10,
    })
    for (const piece of mixed) assert.isAtMost(piece.tokenCount, 50)
    assert.match(mixed[0].content, /^Before the blob\./)
    assert.match(mixed.at(-1)!.content, /After the blob\.$/)
  })

  test('headings inside code fences are not sections; special tokens are plain text', ({
    assert,
  }) => {
    const text =
      '# Setup\n\n```sh\n# not a heading\nnpm install\n```\n\n## Run\n\nType <|endoftext|> to finish.'
    const sections = splitSections(text)
    assert.deepEqual(
      sections.map((section) => section.headings),
      [['Setup'], ['Setup', 'Run']]
    )
    const chunks = chunkText(text, { chunkTokens: 350, overlapTokens: 50 })
    assert.lengthOf(chunks, 2)
    assert.include(chunks[0].content, '# not a heading')
    assert.include(chunks[1].content, '<|endoftext|>')
  })

  test('the same text gives the same chunks and hashes; an edit changes only nearby chunks', ({
    assert,
  }) => {
    const original = longMarkdown(4, 8)
    const edited = original.replace(
      'Paragraph 3 of section 2 (base)',
      'Paragraph 3 of section 2 (base, revised in spring)'
    )
    const options = { chunkTokens: 200, overlapTokens: 30 }
    const first = chunkText(original, options)
    assert.deepEqual(
      chunkText(original, options).map((chunk) => chunk.contentHash),
      first.map((chunk) => chunk.contentHash)
    )
    const second = chunkText(edited, options)
    const before = new Set(first.map((chunk) => chunk.contentHash))
    const changed = second.filter((chunk) => !before.has(chunk.contentHash))
    assert.isAtLeast(changed.length, 1)
    assert.isAtMost(changed.length, 3)
    for (const chunk of changed) assert.deepEqual(chunk.headings, ['Field guide', 'Section 2'])
  })
})
