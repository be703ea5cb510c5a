import { test } from '@japa/runner'
import { isDatabaseUnavailable, toProblem } from '#core/exceptions/problem_mapper'

test.group('database unavailable → 503 problem', () => {
  test('connection failures and server shutdowns are recognised', ({ assert }) => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    })
    assert.isTrue(isDatabaseUnavailable(refused))
    assert.isTrue(isDatabaseUnavailable(Object.assign(new Error('terminating'), { code: '57P01' })))
    assert.isTrue(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')))
    assert.isTrue(
      isDatabaseUnavailable(
        new Error('Knex: Timeout acquiring a connection. The pool is probably full.')
      )
    )
    assert.isTrue(isDatabaseUnavailable(new Error('wrapped', { cause: refused })))
  })

  test('input errors and bugs are not', ({ assert }) => {
    assert.isFalse(isDatabaseUnavailable(Object.assign(new Error('dup'), { code: '23505' })))
    assert.isFalse(isDatabaseUnavailable(new TypeError('x is undefined')))
    assert.isFalse(isDatabaseUnavailable(undefined))
  })

  test('maps to 503 database-unavailable with Retry-After', ({ assert }) => {
    const problem = toProblem(Object.assign(new Error('the database system is shutting down'), {}))
    assert.equal(problem.status, 503)
    assert.equal(problem.type, '/problems/database-unavailable')
    assert.equal(problem.headers?.['Retry-After'], '5')
    assert.equal(toProblem(new TypeError('bug')).status, 500)
  })
})
