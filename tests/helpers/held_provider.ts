import pg from 'pg'
import { aiConfig } from '#sdk'
import { FakeChatProvider } from '#tests/helpers/fake_chat_provider'

/**
 * Runs a FakeChatProvider as the `openai` provider for a test group (its base
 * URL, no platform key so the caller's vault key is used, no retries), and
 * restores the configuration afterwards.
 */
export function fakeOpenAiFor(
  group: { setup(fn: () => Promise<() => Promise<void>>): void },
  apiKey: string
): FakeChatProvider {
  const provider = new FakeChatProvider(apiKey)
  group.setup(async () => {
    await provider.start()
    const saved = { ...aiConfig.providers.openai }
    const savedRetries = aiConfig.maxRetries
    aiConfig.providers.openai = { ...saved, baseUrl: provider.baseUrl, apiKey: undefined }
    aiConfig.maxRetries = 0
    return async () => {
      aiConfig.providers.openai = saved
      aiConfig.maxRetries = savedRetries
      await provider.server.close()
    }
  })
  return provider
}

/**
 * Resolves as `promise` does, or fails after `ms`: a request that would wait
 * for a held provider call fails the test instead of hanging it.
 */
export async function within<T>(ms: number, promise: PromiseLike<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not complete within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Sessions of the test database that stay idle inside a transaction for
 * `forMs` (sampled at the start and the end: same session, same state since):
 * a transaction left open while something else is awaited. Native PostgreSQL,
 * read through a superuser connection of its own; the embedded database has
 * one session and no such view: [].
 */
export async function idleInTransaction(forMs = 400): Promise<Array<Record<string, unknown>>> {
  if (!process.env.DATABASE_URL) return []
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  const sample = async () =>
    (
      await client.query(
        `select pid, state_change::text as since, left(query, 200) as query from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()
            and state like 'idle in transaction%'`
      )
    ).rows as Array<{ pid: number; since: string; query: string }>
  try {
    const first = await sample()
    await new Promise((resolve) => setTimeout(resolve, forMs))
    const last = await sample()
    return last.filter((row) => first.some((f) => f.pid === row.pid && f.since === row.since))
  } finally {
    await client.end()
  }
}

/** Whether the tests run on native PostgreSQL (DATABASE_URL) rather than the embedded database. */
export const nativeDatabase = Boolean(process.env.DATABASE_URL)
