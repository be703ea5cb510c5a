import { Problem, tenant } from '#sdk'
import {
  FRAMEWORK_PRESETS,
  METRIC_CATALOGUE,
  readSources,
  type MetricSource,
} from './kpi_catalogue.js'
import { kpiFrameworkResource, type KpiFrameworkRow } from './kpi_framework_resource.js'
import { deleteVersions, recordVersion } from './version_service.js'

/** A KPI as a client declares it. */
export interface KpiInput {
  key: string
  name?: string
  metric?: string | null
  target?: number | null
  counter_metric?: string | null
}

/** What a KPI framework is made from (validators/kpi_framework_validator.ts). */
export interface KpiFrameworkInput {
  campaign_name: string
  channels: string[]
  campaign_id?: string
  preset?: 'aarrr' | 'heart'
  kpis?: KpiInput[]
}

/** A KPI as stored: bound to a catalogue metric, or flagged as needing a data source. */
export interface StoredKpi {
  key: string
  name: string
  metric: string | null
  status: 'bound' | 'needs_data_source'
  unit: string | null
  direction: 'up' | 'down' | null
  definition: string | null
  target: number | null
  counter_metric: string | null
}

/** Binds each KPI to the catalogue: an unknown or missing metric is `needs_data_source`. */
function bind(input: KpiFrameworkInput): StoredKpi[] {
  const declared: KpiInput[] = [
    ...(input.preset ? FRAMEWORK_PRESETS[input.preset] : []),
    ...(input.kpis ?? []),
  ]
  const byKey = new Map<string, KpiInput>()
  for (const kpi of declared) byKey.set(kpi.key, { ...byKey.get(kpi.key), ...kpi })
  return [...byKey.values()].map((kpi) => {
    const metric = kpi.metric && METRIC_CATALOGUE[kpi.metric] ? kpi.metric : null
    const entry = metric ? METRIC_CATALOGUE[metric] : null
    const counter =
      kpi.counter_metric && METRIC_CATALOGUE[kpi.counter_metric] ? kpi.counter_metric : null
    return {
      key: kpi.key,
      name: kpi.name ?? entry?.label ?? kpi.key,
      metric,
      status: metric ? 'bound' : 'needs_data_source',
      unit: entry?.unit ?? null,
      direction: entry?.direction ?? null,
      definition: entry ? `${entry.source}: ${entry.description}` : null,
      target: kpi.target ?? null,
      counter_metric: counter,
    }
  })
}

/** The framework with this id in the current workspace, or 404. */
export async function findKpiFramework(id: string, forUpdate = false): Promise<KpiFrameworkRow> {
  const query = kpiFrameworkResource.query().where('id', id)
  if (forUpdate) query.forUpdate()
  const row = await query.first()
  if (!row) throw Problem.notFound('KPI framework')
  return row
}

/** Checks that declared metric names exist: a typo is a 422, a KPI without a metric is allowed. */
function checkMetrics(kpis: KpiInput[] = []) {
  kpis.forEach((kpi, index) => {
    for (const field of ['metric', 'counter_metric'] as const) {
      const name = kpi[field]
      if (name && !METRIC_CATALOGUE[name]) {
        throw Problem.invalidField(
          `kpis.${index}.${field}`,
          `Unknown metric "${name}"; see GET /v1/strategy/kpi-catalogue, or leave it out to flag the KPI as needing a data source`,
          'enum'
        )
      }
    }
  })
}

/** Creates a KPI framework (version 1). */
export async function createKpiFramework(input: KpiFrameworkInput) {
  checkMetrics(input.kpis)
  const kpis = bind(input)
  if (!kpis.length)
    throw Problem.invalidField('kpis', 'Give a preset or at least one KPI', 'required')
  const { trx, workspaceId, userId } = tenant()
  const framework = { preset: input.preset ?? null, campaign_id: input.campaign_id ?? null, kpis }
  const [row] = await trx
    .insertQuery()
    .table('performance_tracking_frameworks')
    .insert({
      workspace_id: workspaceId,
      user_id: userId,
      campaign_name: input.campaign_name,
      channels: input.channels,
      tracking_framework: JSON.stringify(framework),
      input_data: JSON.stringify(input),
    })
    .returning('id')
  await recordVersion('kpi_framework', row.id, 'generated', framework)
  return findKpiFramework(row.id)
}

/** Replaces the KPIs (or targets) of a framework: a new version. */
export async function editKpiFramework(
  id: string,
  edit: { kpis?: KpiInput[]; is_active?: boolean; campaign_name?: string }
) {
  const current = await findKpiFramework(id, true)
  checkMetrics(edit.kpis)
  const { trx } = tenant()
  const patch: Record<string, unknown> = {}
  if (edit.campaign_name !== undefined) patch.campaign_name = edit.campaign_name
  if (edit.is_active !== undefined) patch.is_active = edit.is_active
  if (edit.kpis) {
    const previous = current.tracking_framework as {
      preset: 'aarrr' | 'heart' | null
      campaign_id: string | null
      kpis: StoredKpi[]
    }
    const merged = bind({
      campaign_name: current.campaign_name,
      channels: current.channels,
      kpis: [...previous.kpis, ...edit.kpis],
    })
    const framework = { ...previous, kpis: merged }
    patch.tracking_framework = JSON.stringify(framework)
    patch.current_version = await recordVersion('kpi_framework', id, 'edited', framework)
  }
  if (Object.keys(patch).length)
    await trx.from('performance_tracking_frameworks').where('id', id).update(patch)
  return findKpiFramework(id)
}

/** The default evaluation period: the last 30 days, today included. */
export function defaultPeriod() {
  const to = new Date()
  const from = new Date(to.getTime() - 29 * 86_400_000)
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) }
}

/**
 * Evaluates every KPI of a framework over a period: each source the KPIs need
 * is read once, then each KPI's value, its status against the target and its
 * counter-metric are computed. A KPI without a source is reported as
 * `needs_data_source` with a null value.
 */
export async function evaluateKpiFramework(id: string, period: { from: string; to: string }) {
  const framework = await findKpiFramework(id)
  const stored = framework.tracking_framework as { campaign_id: string | null; kpis: StoredKpi[] }
  const sources = new Set<MetricSource>()
  for (const kpi of stored.kpis) {
    for (const metric of [kpi.metric, kpi.counter_metric])
      if (metric) sources.add(METRIC_CATALOGUE[metric].source)
  }
  const values = await readSources(sources, { ...period, campaignId: stored.campaign_id })
  const value = (metric: string | null) => {
    if (!metric) return null
    const result = METRIC_CATALOGUE[metric].compute(values)
    return result === null ? null : Math.round(result * 1e6) / 1e6
  }
  const kpis = stored.kpis.map((kpi) => {
    if (kpi.status === 'needs_data_source') {
      return {
        key: kpi.key,
        name: kpi.name,
        metric: null,
        value: null,
        target: kpi.target,
        status: 'needs_data_source' as const,
        counter_metric: null,
      }
    }
    const current = value(kpi.metric)
    let status: 'met' | 'not_met' | 'no_target' | 'no_data'
    if (current === null) status = 'no_data'
    else if (kpi.target === null) status = 'no_target'
    else
      status = (kpi.direction === 'down' ? current <= kpi.target : current >= kpi.target)
        ? 'met'
        : 'not_met'
    return {
      key: kpi.key,
      name: kpi.name,
      metric: kpi.metric,
      value: current,
      target: kpi.target,
      status,
      counter_metric: kpi.counter_metric
        ? { metric: kpi.counter_metric, value: value(kpi.counter_metric) }
        : null,
    }
  })
  return { framework_id: id, from: period.from, to: period.to, kpis }
}

/** Deletes a framework and its versions. */
export async function deleteKpiFramework(id: string) {
  const deleted = await tenant()
    .trx.from('performance_tracking_frameworks')
    .where('id', id)
    .delete()
  if (!deleted) throw Problem.notFound('KPI framework')
  await deleteVersions('kpi_framework', id)
}
