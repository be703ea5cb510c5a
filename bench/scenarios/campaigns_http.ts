import {
  registerBenchUser,
  runHttpComparison,
  type HttpComparisonOptions,
  type HttpComparisonResult,
} from '../lib/http_comparison.ts'
import type { Comparison } from '../lib/report.ts'

/** Raw figures of the campaigns scenario, written to latest.json. */
export interface CampaignsHttpDetails {
  settings: HttpComparisonResult['settings']
  campaignsPerWorkspace: number
  platform: HttpComparisonResult['platform']
  raw: HttpComparisonResult['raw']
}

/** Campaigns created in the bench workspace: more than one page (25), so the list has a cursor. */
const CAMPAIGNS = 60

/**
 * Scenario (c): `GET /v1/campaigns` (first page of 25 of 60 campaigns, the
 * campaigns plugin's list route: router, tenant middleware, VineJS filters
 * validator, keyset paginator over the plugin's column list) against the raw
 * `node:http` + `pg` server doing the same transaction and SELECT, each in its
 * own child process on the same database.
 */
export async function runCampaignsHttp(
  options: HttpComparisonOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: CampaignsHttpDetails }> {
  const { comparisons, settings, platform, raw } = await runHttpComparison(
    {
      name: 'GET /v1/campaigns (campaigns plugin) vs raw node:http + pg',
      path: '/v1/campaigns',
      seed: seedThroughApi,
      expected: (body) => body.data.length === 25 && Boolean(body.next_cursor),
    },
    options,
    log
  )
  return {
    comparisons,
    details: { settings, campaignsPerWorkspace: CAMPAIGNS, platform, raw },
  }
}

/**
 * Registers a user through the API and creates the campaigns through
 * `POST /v1/campaigns`; returns the user's access token.
 */
async function seedThroughApi(baseUrl: string): Promise<string> {
  const token = await registerBenchUser(baseUrl, 'bench-campaigns')
  const types = ['lead_generation', 'brand_awareness', 'product_launch', 'email', 'social_media']
  for (let index = 0; index < CAMPAIGNS; index++) {
    const response = await fetch(`${baseUrl}/v1/campaigns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
      body: JSON.stringify({
        name: `Bench campaign ${index}`,
        type: types[index % types.length],
        channel: index % 2 ? 'email' : 'search',
        channels: ['search', 'email'],
        total_budget: 1000 + index,
        budget_spent: index,
        start_date: '2026-01-01T00:00:00Z',
        kpi_targets: { ctr: 0.02, cpa: 40 },
        primary_objective: 'Benchmark the list route',
      }),
    })
    await response.arrayBuffer()
    if (response.status !== 201) throw new Error(`POST /v1/campaigns answered ${response.status}`)
  }
  return token
}
