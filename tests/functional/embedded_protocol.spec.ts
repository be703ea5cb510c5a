import { test } from '@japa/runner'
import net from 'node:net'
import pg from 'pg'
import { parse, serialize } from 'pg-protocol'
import type { BackendMessage } from 'pg-protocol/dist/messages.js'
import { waitFor } from '#tests/helpers/wait_for'
import app from '@adonisjs/core/services/app'

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Opens a raw protocol connection (no client library in between) to the platform database. */
async function rawConnection(settings: pg.PoolConfig) {
  const url = settings.connectionString ? new URL(settings.connectionString) : undefined
  const socket = url
    ? net.connect({ host: url.hostname, port: Number(url.port || 5432) })
    : net.connect({ path: `${settings.host}/.s.PGSQL.${settings.port}` })
  const messages: BackendMessage[] = []
  void parse(socket, (message) => messages.push(message))
  socket.write(
    serialize.startup({
      user: url ? decodeURIComponent(url.username) : String(settings.user),
      database: url ? url.pathname.slice(1) : String(settings.database),
    })
  )
  await waitFor(async () => messages.some((message) => message.name === 'readyForQuery'))
  return { socket, messages }
}

test.group('Database connections', () => {
  test('a parameterised query split across writes is not interleaved with another connection', async ({
    assert,
  }) => {
    const platform = await app.container.make('platform')
    const { socket, messages } = await rawConnection(platform.connection())
    const other = new pg.Client(platform.connection())
    await other.connect()
    try {
      messages.length = 0
      // First half of an extended-protocol query: Parse of the unnamed statement...
      socket.write(serialize.parse({ text: 'select $1::int + $2::int as sum', types: [] }))
      await pause(30)
      // ...while another connection runs its own unnamed statement (one parameter)...
      const concurrent = other.query('select $1::text as tag', ['other'])
      await pause(30)
      // ...then the rest: Bind with two values, Execute, Sync.
      socket.write(
        Buffer.concat([
          serialize.bind({ values: ['40', '2'] }),
          serialize.execute({}),
          serialize.sync(),
        ])
      )
      await waitFor(async () => messages.some((message) => message.name === 'readyForQuery'))
      const failure = messages.find((message) => message.name === 'error')
      assert.isUndefined(failure, String((failure as { message?: string } | undefined)?.message))
      const row = messages.find((message) => message.name === 'dataRow') as unknown as {
        fields: string[]
      }
      assert.deepEqual(row.fields, ['42'])
      assert.deepEqual((await concurrent).rows, [{ tag: 'other' }])
    } finally {
      socket.end(serialize.end())
      await other.end()
    }
  })

  test('concurrent parameterised queries on many connections all get their own results', async ({
    assert,
  }) => {
    const platform = await app.container.make('platform')
    const pool = new pg.Pool({ ...platform.connection(), max: 8 })
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 400 }, async (_, index) => {
          const result = await pool.query('select $1::int + $2::int as sum, $3::text as tag', [
            index,
            1000,
            `q${index}`,
          ])
          return result.rows[0].sum === index + 1000 && result.rows[0].tag === `q${index}`
        })
      )
      assert.equal(outcomes.filter(Boolean).length, 400)
    } finally {
      await pool.end()
    }
  })
})
