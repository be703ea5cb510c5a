import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'

/**
 * Platform tables without tenant data. Each must still have RLS enabled and no
 * policy (so no runtime role but app_service can touch it), or be Lucid's own
 * migration bookkeeping.
 */
const GLOBAL_TABLES: Record<string, string> = {
  rate_limits: 'login/registration throttle counters (@adonisjs/limiter store)',
  demo_seed_runs: 'which plugins have filled the demo workspace',
  worker_leases: 'job worker heartbeats and the jobs each worker is running (crash recovery)',
  job_crashes: 'how often a job was running when its worker died (poison-job rule)',
  mail_dev_outbox: 'messages kept while no SMTP relay is configured (development outbox)',
}
/**
 * Global catalogues that every user may read: RLS enabled and forced, SELECT
 * policies only, and runtime roles granted SELECT and nothing else.
 */
const READABLE_GLOBAL_TABLES: Record<string, string> = {
  ai_model_configs: 'AI model registry: seeded and discovered by the platform, read-only to users',
  ai_model_update_logs: 'runs of the monthly AI model discovery, read-only to users',
}
const BOOKKEEPING_TABLES = new Set(['adonis_schema', 'adonis_schema_versions'])

/** Every table in public that breaks the RLS rules, with the reason. */
async function rlsProblems() {
  const result = await db.rawQuery(`
    select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
      (select count(*) from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname)::int as policies,
      (select count(*) from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname and p.cmd <> 'SELECT')::int as write_policies
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by 1
  `)
  const problems: string[] = []
  for (const table of result.rows) {
    if (BOOKKEEPING_TABLES.has(table.name)) continue
    if (READABLE_GLOBAL_TABLES[table.name]) {
      if (!table.enabled || !table.forced)
        problems.push(`${table.name}: readable global table without forced RLS`)
      if (table.write_policies)
        problems.push(`${table.name}: readable global table with a write policy`)
      continue
    }
    if (GLOBAL_TABLES[table.name]) {
      if (!table.enabled) problems.push(`${table.name}: global table without RLS enabled`)
      if (table.policies) problems.push(`${table.name}: global table must have no policy`)
      continue
    }
    if (!table.enabled) problems.push(`${table.name}: RLS not enabled`)
    if (!table.forced) problems.push(`${table.name}: RLS not forced`)
    if (!table.policies) problems.push(`${table.name}: no policy`)
  }
  return { problems, tables: result.rows.length }
}

test.group('Row level security catalog', () => {
  test('every table in public has RLS enabled and forced, with policies, unless listed as global', async ({
    assert,
  }) => {
    const { problems, tables } = await rlsProblems()
    assert.deepEqual(problems, [], problems.join('\n'))
    assert.isAbove(tables, 8)
  })

  test('runtime roles cannot touch bookkeeping or global tables, and own no table', async ({
    assert,
  }) => {
    const grants = await db.rawQuery(
      `
      select table_name, grantee, privilege_type from information_schema.role_table_grants
      where table_schema = 'public' and grantee in ('app_authenticated', 'app_anon')
        and table_name = any(?)
    `,
      [[...BOOKKEEPING_TABLES, ...Object.keys(GLOBAL_TABLES)]]
    )
    assert.deepEqual(grants.rows, [])
    const readable = await db.rawQuery(
      `
      select table_name, grantee, privilege_type from information_schema.role_table_grants
      where table_schema = 'public' and grantee in ('app_authenticated', 'app_anon')
        and table_name = any(?) and privilege_type <> 'SELECT'
    `,
      [Object.keys(READABLE_GLOBAL_TABLES)]
    )
    assert.deepEqual(readable.rows, [], 'readable global tables are SELECT-only for runtime roles')
    const owned = await db.rawQuery(`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and pg_get_userbyid(c.relowner) in ('app_authenticated', 'app_anon', 'app_service')
    `)
    assert.deepEqual(owned.rows, [])
    const roles = await db.rawQuery(`
      select rolname, rolbypassrls, rolsuper, rolcanlogin from pg_roles
      where rolname in ('app_authenticated', 'app_anon', 'app_service') order by 1
    `)
    assert.deepEqual(roles.rows, [
      { rolname: 'app_anon', rolbypassrls: false, rolsuper: false, rolcanlogin: false },
      { rolname: 'app_authenticated', rolbypassrls: false, rolsuper: false, rolcanlogin: false },
      { rolname: 'app_service', rolbypassrls: true, rolsuper: false, rolcanlogin: false },
    ])
  })

  test('the catalog check flags a table without RLS, then one without forced RLS or policy', async ({
    assert,
  }) => {
    await db.rawQuery('create table catalog_probe (id int)')
    try {
      assert.includeMembers((await rlsProblems()).problems, [
        'catalog_probe: RLS not enabled',
        'catalog_probe: RLS not forced',
        'catalog_probe: no policy',
      ])
      await db.rawQuery('alter table catalog_probe enable row level security')
      const problems = (await rlsProblems()).problems
      assert.notInclude(problems, 'catalog_probe: RLS not enabled')
      assert.include(problems, 'catalog_probe: RLS not forced')
    } finally {
      await db.rawQuery('drop table catalog_probe')
    }
  })
})
