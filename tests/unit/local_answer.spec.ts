import { test } from '@japa/runner'
import { sentences } from '#core/ai/text_analysis'
import { localAnswer } from '#core/ai/local_text_generator'

const HARD_WRAPPED = `## Can customers change plans?
Upgrades take effect immediately and are prorated to the day. Downgrades take effect at the end of
the billing period, and data above the new plan's limits stays readable.

## What happens when a trial ends?
The workspace becomes read-only for 30 days.
- Subscribing restores it as it was.
1. After 30 days the data is deleted.`

test.group('Local provider: sentences and extractive answers', () => {
  test('a hard-wrapped paragraph keeps its sentences whole; headings, bullets and items stand alone', ({
    assert,
  }) => {
    assert.deepEqual(sentences(HARD_WRAPPED), [
      '## Can customers change plans?',
      'Upgrades take effect immediately and are prorated to the day.',
      "Downgrades take effect at the end of the billing period, and data above the new plan's limits stays readable.",
      '## What happens when a trial ends?',
      'The workspace becomes read-only for 30 days.',
      'Subscribing restores it as it was.',
      'After 30 days the data is deleted.',
    ])
  })

  test('the answer cites informative sentences, not the heading that restates the question', ({
    assert,
  }) => {
    const answer = localAnswer({
      messages: [{ role: 'user', content: 'What happens when a trial ends?' }],
      context: [HARD_WRAPPED],
    })
    assert.notInclude(answer, '##')
    assert.include(answer, 'The workspace becomes read-only for 30 days. [1]')
    assert.notInclude(answer, 'at the end of [1]')
  })
})
