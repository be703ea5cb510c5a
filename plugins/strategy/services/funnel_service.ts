import { Problem, tenant } from '#sdk'
import { metricTotalsByChannel } from '#plugins/campaigns/services/index'
import { leadFunnelCounts } from '#plugins/leads/services/index'
import {
  buildFunnel,
  whatIf,
  type FunnelStage,
  type FunnelStructure,
  type MeasuredVolumes,
} from './funnel_model.js'
import { funnelResource, type FunnelRow } from './funnel_resource.js'
import { deleteVersions, recordVersion, type VersionOrigin } from './version_service.js'

/** What a funnel design is asked for (validators/funnel_validator.ts). */
export interface FunnelInput {
  business_type: string
  campaign_id?: string
  from?: string
  to?: string
  entry_volume?: number
  assumed_rates?: Partial<Record<FunnelStage, number>>
}

/**
 * The stage volumes the workspace's data gives over the range: impressions and
 * clicks from campaign metrics, leads created and converted from leads (a
 * campaign-scoped funnel reads only that campaign's metrics).
 */
async function measure(
  input: FunnelInput
): Promise<{ measured: MeasuredVolumes; citations: unknown[]; limitations: string[] }> {
  const range = { from: input.from ?? null, to: input.to ?? null }
  const channels = await metricTotalsByChannel({ ...range, campaignId: input.campaign_id ?? null })
  const impressions = channels.reduce((sum, row) => sum + row.impressions, 0)
  const clicks = channels.reduce((sum, row) => sum + row.clicks, 0)
  const leads = await leadFunnelCounts(range)
  const period = `${range.from ?? 'the start'} to ${range.to ?? 'today'}`
  const measured: MeasuredVolumes = {
    awareness: impressions > 0 ? impressions : null,
    engagement: impressions > 0 ? clicks : null,
    conversion: leads.total > 0 ? leads.total : null,
    retention: leads.total > 0 ? leads.converted : null,
    basis: {
      awareness: `sum of campaign impressions, ${period}`,
      engagement: `sum of campaign clicks, ${period}`,
      conversion: `leads created, ${period}`,
      retention: `leads with status converted, ${period}`,
    },
  }
  const citations: unknown[] = []
  const limitations: string[] = []
  if (impressions > 0)
    citations.push({
      section: 'awareness',
      source_type: 'campaigns',
      source_id: input.campaign_id ?? 'campaigns:all',
      title: 'Campaign metrics',
      excerpt: `${impressions} impressions, ${clicks} clicks`,
    })
  else
    limitations.push(
      'No campaign impressions in the period: awareness is the request entry volume (an assumption).'
    )
  if (leads.total > 0)
    citations.push({
      section: 'conversion',
      source_type: 'leads',
      source_id: 'leads:status_counts',
      title: 'Lead statuses',
      excerpt: `${leads.total} leads, ${leads.qualified} qualified, ${leads.converted} converted`,
    })
  else limitations.push('No leads in the period: conversion and retention rates are assumptions.')
  return { measured, citations, limitations }
}

/** Builds a funnel's structure, citations and limitations from data and the request. */
async function design(input: FunnelInput) {
  const { measured, citations, limitations } = await measure(input)
  const structure = buildFunnel(measured, input.assumed_rates ?? {}, input.entry_volume ?? 1000)
  return { structure, citations, limitations }
}

/** The funnel with this id in the current workspace, or 404. */
export async function findFunnel(id: string, forUpdate = false): Promise<FunnelRow> {
  const query = funnelResource.query().where('id', id)
  if (forUpdate) query.forUpdate()
  const row = await query.first()
  if (!row) throw Problem.notFound('Funnel design')
  return row
}

async function store(
  id: string,
  origin: VersionOrigin,
  input: FunnelInput,
  built: Awaited<ReturnType<typeof design>>
) {
  const version = await recordVersion(
    'funnel',
    id,
    origin,
    { business_type: input.business_type, funnel_structure: built.structure },
    built.citations
  )
  await tenant()
    .trx.from('funnel_designs')
    .where('id', id)
    .update({
      business_type: input.business_type,
      funnel_structure: JSON.stringify(built.structure),
      input_data: JSON.stringify(input),
      citations: JSON.stringify(built.citations),
      limitations: JSON.stringify(built.limitations),
      current_version: version,
    })
  return findFunnel(id)
}

/** Designs and stores a funnel (version 1). */
export async function createFunnel(input: FunnelInput) {
  const built = await design(input)
  const { trx, workspaceId, userId } = tenant()
  const [row] = await trx
    .insertQuery()
    .table('funnel_designs')
    .insert({ workspace_id: workspaceId, user_id: userId, business_type: input.business_type })
    .returning('id')
  return store(row.id, 'generated', input, built)
}

/** Changes a funnel's input (assumed rates, range, entry volume) and designs it again: a new version. */
export async function editFunnel(id: string, edit: Partial<FunnelInput>) {
  const current = await findFunnel(id, true)
  const input: FunnelInput = {
    ...(current.input_data as unknown as FunnelInput),
    ...edit,
    assumed_rates: {
      ...((current.input_data as any).assumed_rates ?? {}),
      ...(edit.assumed_rates ?? {}),
    },
  }
  return store(id, 'edited', input, await design(input))
}

/** A what-if on a stored funnel: nothing is written. */
export async function funnelWhatIf(id: string, stage: FunnelStage, rate: number) {
  const funnel = await findFunnel(id)
  if (stage === 'awareness') {
    throw Problem.invalidField('stage', 'awareness is the entry stage and has no rate', 'enum')
  }
  return {
    funnel_id: id,
    ...whatIf(funnel.funnel_structure as unknown as FunnelStructure, stage, rate),
  }
}

/** Deletes a funnel and its versions. */
export async function deleteFunnel(id: string) {
  const deleted = await tenant().trx.from('funnel_designs').where('id', id).delete()
  if (!deleted) throw Problem.notFound('Funnel design')
  await deleteVersions('funnel', id)
}
