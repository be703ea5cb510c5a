import { test } from '@japa/runner'
import {
  CitationStreamFilter,
  citationsOf,
  citedNumbers,
  cleanCitationMarkers,
  stripCitationMarkers,
} from '../services/citations.js'

/** Streams `text` through the filter in pieces of `size` characters. */
function streamed(text: string, sources: number, size: number) {
  const filter = new CitationStreamFilter(sources)
  const pieces: string[] = []
  for (let index = 0; index < text.length; index += size) {
    pieces.push(filter.push(text.slice(index, index + size)))
  }
  pieces.push(filter.flush())
  return { joined: pieces.join(''), text: filter.text }
}

test.group('Knowledge answers / citation markers', () => {
  test('markers naming no source are removed with their spaces; valid ones are kept', ({
    assert,
  }) => {
    assert.equal(
      cleanCitationMarkers('Refunds take 14 days [1]. Shipping is free [7]. Both [2, 9].', 2),
      'Refunds take 14 days [1]. Shipping is free. Both [2].'
    )
    assert.equal(cleanCitationMarkers('Zero [0] and none [ 3 ][2]', 2), 'Zero and none[2]')
    // Not markers: left alone, even when a marker sits inside.
    assert.equal(cleanCitationMarkers('A list [a, b] and [see [5]]', 2), 'A list [a, b] and [see]')
    assert.equal(cleanCitationMarkers('Repeated [1, 1, 2]', 3), 'Repeated [1, 2]')
  })

  test('cited numbers are the distinct valid numbers in ascending order', ({ assert }) => {
    assert.deepEqual(citedNumbers('x [3] y [1, 3] z [9]', 3), [1, 3])
    assert.deepEqual(citedNumbers('no markers here', 3), [])
    assert.equal(
      stripCitationMarkers('Refunds [1]. Free shipping [2, 3].'),
      'Refunds. Free shipping.'
    )
  })

  test('the stream filter releases exactly the cleaned text, whatever the piece size', ({
    assert,
  }) => {
    const samples = [
      'Refunds take 14 days [1]. Shipping is free [7]. Both [2, 9]. End [12',
      'A [1][2][3] b  [4]\n[5] c [ 1 ,2 ] d [x] e [',
      '   leading spaces [9] then text [2]   ',
      'Numbers like [2024] are not sources [1].',
    ]
    for (const sample of samples) {
      const expected = cleanCitationMarkers(sample, 3)
      for (const size of [1, 2, 3, 5, 8, 1000]) {
        const { joined, text } = streamed(sample, 3, size)
        assert.equal(joined, expected, `piece size ${size}: ${sample}`)
        assert.equal(text, expected)
      }
    }
  })

  test('citations map numbers to the numbered sources', ({ assert }) => {
    const sources = ['a', 'b', 'c'].map((name, index) => ({
      chunkId: `chunk-${name}`,
      documentId: `doc-${name}`,
      documentTitle: `Title ${name}`,
      bucketId: 'bucket',
      snippet: `snippet ${name}`,
      score: 1 - index / 10,
    }))
    const { citations, cited } = citationsOf('First [3]. Second [1, 3].', sources)
    assert.deepEqual(
      citations.map((c) => [c.number, c.chunk_id]),
      [
        [1, 'chunk-a'],
        [3, 'chunk-c'],
      ]
    )
    assert.deepEqual(
      cited.map((hit) => hit.chunkId),
      ['chunk-a', 'chunk-c']
    )
    assert.deepEqual(citations[1], {
      number: 3,
      chunk_id: 'chunk-c',
      document_id: 'doc-c',
      document_title: 'Title c',
      bucket_id: 'bucket',
      snippet: 'snippet c',
      score: 0.8,
    })
  })
})
