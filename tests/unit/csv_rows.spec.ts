import { test } from '@japa/runner'
import { recordToLead } from '../../plugins/leads/services/csv_rows.js'
import { LEAD_TEXT_MAX } from '../../plugins/leads/validators/lead_validator.js'

test.group('CSV import rows', () => {
  test('text columns are limited as the API limits them', ({ assert }) => {
    const atLimit = recordToLead(
      { email: 'a@example.com', phone: 'x'.repeat(LEAD_TEXT_MAX.phone) },
      'csv'
    )
    assert.isTrue(atLimit.ok)
    const over = recordToLead(
      { email: 'a@example.com', phone: 'x'.repeat(LEAD_TEXT_MAX.phone + 1) },
      'csv'
    )
    assert.deepEqual(over, {
      ok: false,
      reason: `phone is longer than ${LEAD_TEXT_MAX.phone} characters`,
    })
  })

  test('a column named like an Object property is a custom field', ({ assert }) => {
    const result = recordToLead({ email: 'a@example.com', constructor: 'kept' }, 'csv')
    assert.isTrue(result.ok)
    if (!result.ok) return
    assert.deepEqual(result.values.custom_fields, { constructor: 'kept' })
    assert.isFalse(Object.hasOwn(result.values, 'constructor'))
  })
})
