import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { test } from '@japa/runner'

const ROOT = new URL('../../', import.meta.url).pathname

/**
 * The only files allowed to import Lucid's global `db` service: opening
 * transactions (which then become the tenant context), the health probe,
 * which runs `select 1` and reads no table, and the metrics endpoint, which
 * reads the connection pool's counters and no table. Everything else reaches the
 * database through `tenant().trx` (which a resource's `query()` uses),
 * withTenant() or withService().
 */
const ALLOWED = new Set([
  'core/database/open_transaction.ts',
  'core/http/health_controller.ts',
  'core/http/metrics_controller.ts',
])

function sourceFiles(directory: string): string[] {
  if (!existsSync(directory)) return []
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry)
    if (statSync(path).isDirectory())
      return entry === 'node_modules' || entry === 'tests' ? [] : sourceFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

test.group('Database access', () => {
  test('application code reaches the database only through the tenant transaction', ({
    assert,
  }) => {
    const offenders = ['core', 'plugins', 'database']
      .flatMap((folder) => sourceFiles(join(ROOT, folder)))
      .map((file) => relative(ROOT, file))
      .filter((file) => !ALLOWED.has(file) && !file.startsWith('database/migrations/'))
      .filter((file) =>
        /from ['"]@adonisjs\/lucid\/services\/db['"]/.test(readFileSync(join(ROOT, file), 'utf8'))
      )
    assert.deepEqual(
      offenders,
      [],
      `import the tenant context instead of db in: ${offenders.join(', ')}`
    )
  })
})
