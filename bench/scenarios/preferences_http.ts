import {
  registerBenchUser,
  runHttpComparison,
  type HttpComparisonOptions,
  type HttpComparisonResult,
} from '../lib/http_comparison.ts'
import type { Comparison } from '../lib/report.ts'

/** Raw figures of the HTTP scenario, written to latest.json. */
export interface PreferencesHttpDetails {
  settings: HttpComparisonResult['settings']
  preferencesPerUser: number
  platform: HttpComparisonResult['platform']
  raw: HttpComparisonResult['raw']
}

const CATEGORIES = [
  'ai',
  'appearance',
  'dashboard',
  'editor',
  'language',
  'notifications',
  'privacy',
  'shortcuts',
]

/**
 * Scenario (a): `GET /v1/preferences` through the whole platform (router,
 * request log, tenant middleware with app.authenticate(), validator, keyset
 * paginator, Lucid) against a raw `node:http` + `pg` server doing the same
 * transaction and SELECT, each in its own child process on the same database.
 */
export async function runPreferencesHttp(
  options: HttpComparisonOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: PreferencesHttpDetails }> {
  const { comparisons, settings, platform, raw } = await runHttpComparison(
    {
      name: 'GET /v1/preferences vs raw node:http + pg',
      path: '/v1/preferences',
      seed: seedThroughApi,
      expected: (body) => body.data.length === CATEGORIES.length,
    },
    options,
    log
  )
  return {
    comparisons,
    details: { settings, preferencesPerUser: CATEGORIES.length, platform, raw },
  }
}

/**
 * Registers a user through the API and stores one preference document per
 * category; returns the user's access token.
 */
async function seedThroughApi(baseUrl: string): Promise<string> {
  const token = await registerBenchUser(baseUrl, 'bench')
  for (const [index, category] of CATEGORIES.entries()) {
    const response = await fetch(`${baseUrl}/v1/preferences/${category}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
      body: JSON.stringify({
        preference_data: {
          enabled: index % 2 === 0,
          level: index,
          tags: ['bench', category],
          nested: { a: 1, b: 'two' },
        },
        interface_mode: index % 3 === 0 ? 'advanced' : 'simple',
      }),
    })
    await response.arrayBuffer()
    if (response.status !== 201)
      throw new Error(`PUT /v1/preferences/${category} answered ${response.status}`)
  }
  return token
}
