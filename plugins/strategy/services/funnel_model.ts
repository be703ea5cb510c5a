/*
| The funnel arithmetic, free of I/O: stages, rates and what-if scenarios.
*/

/** The stages of a funnel, in order. */
export const FUNNEL_STAGES = ['awareness', 'engagement', 'conversion', 'retention'] as const
/** One of FUNNEL_STAGES. */
export type FunnelStage = (typeof FUNNEL_STAGES)[number]

/**
 * Rates used when neither the workspace's data nor the request gives one:
 * stated openly as assumptions (source `default_assumption`), never presented
 * as measured. Rate of a stage = its volume / the previous stage's volume.
 */
export const DEFAULT_ASSUMED_RATES: Record<Exclude<FunnelStage, 'awareness'>, number> = {
  engagement: 0.02,
  conversion: 0.05,
  retention: 0.2,
}

/** Where a stage's number comes from. */
export type RateSource = 'data' | 'assumption' | 'default_assumption'

/** One stage of a funnel. */
export interface FunnelStageRow {
  stage: FunnelStage
  metric: string
  volume: number
  /** Volume / previous volume (null for the first stage). */
  rate: number | null
  source: RateSource
  basis: string
}

/** A funnel: its stages and the outcome (the last stage's volume). */
export interface FunnelStructure {
  stages: FunnelStageRow[]
  outcome: { stage: FunnelStage; volume: number }
}

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits

/** Recomputes volumes from the first stage down with each stage's rate. */
export function chain(stages: FunnelStageRow[]): FunnelStructure {
  const out: FunnelStageRow[] = []
  for (const [index, stage] of stages.entries()) {
    if (index === 0) out.push({ ...stage })
    else {
      const rate = stage.rate ?? 0
      out.push({ ...stage, volume: round(out[index - 1].volume * rate, 2) })
    }
  }
  const last = out[out.length - 1]
  return { stages: out, outcome: { stage: last.stage, volume: last.volume } }
}

/**
 * A what-if: one stage's rate changed, everything after it follows. Returns
 * the baseline and the scenario with the outcome's absolute and relative change.
 */
export function whatIf(structure: FunnelStructure, stage: FunnelStage, rate: number) {
  const index = structure.stages.findIndex((row) => row.stage === stage)
  const changed = structure.stages.map((row, position) =>
    position === index ? { ...row, rate, source: 'assumption' as const, basis: 'what-if' } : row
  )
  const scenario = chain(changed)
  const baseline = structure.outcome.volume
  return {
    stage,
    rate,
    baseline_outcome: baseline,
    scenario_outcome: scenario.outcome.volume,
    change: round(scenario.outcome.volume - baseline, 2),
    relative_change: baseline > 0 ? round((scenario.outcome.volume - baseline) / baseline) : null,
    stages: scenario.stages,
  }
}

/** Measured volumes of the stages (null where the workspace has no data) and their basis. */
export interface MeasuredVolumes {
  awareness: number | null
  engagement: number | null
  conversion: number | null
  retention: number | null
  basis: Record<FunnelStage, string>
}

/**
 * Builds the funnel: a stage whose volume and previous volume are both
 * measured gets the measured rate; otherwise the request's assumed rate, else
 * the default assumption. The first stage is measured, or the request's entry
 * volume (an assumption).
 */
export function buildFunnel(
  measured: MeasuredVolumes,
  assumed: Partial<Record<FunnelStage, number>>,
  entryVolume: number
): FunnelStructure {
  const rows: FunnelStageRow[] = []
  for (const stage of FUNNEL_STAGES) {
    const volume = measured[stage]
    if (stage === 'awareness') {
      rows.push(
        volume !== null && volume > 0
          ? {
              stage,
              metric: 'impressions',
              volume,
              rate: null,
              source: 'data',
              basis: measured.basis.awareness,
            }
          : {
              stage,
              metric: 'impressions',
              volume: entryVolume,
              rate: null,
              source: 'assumption',
              basis: 'entry_volume of the request',
            }
      )
      continue
    }
    const previous = rows[rows.length - 1]
    const metric = { engagement: 'clicks', conversion: 'leads', retention: 'customers' }[stage]
    if (volume !== null && previous.source === 'data' && previous.volume > 0) {
      rows.push({
        stage,
        metric,
        volume,
        rate: round(volume / previous.volume),
        source: 'data',
        basis: measured.basis[stage],
      })
    } else if (assumed[stage] !== undefined) {
      rows.push({
        stage,
        metric,
        volume: 0,
        rate: assumed[stage]!,
        source: 'assumption',
        basis: 'assumed_rates of the request',
      })
    } else {
      rows.push({
        stage,
        metric,
        volume: 0,
        rate: DEFAULT_ASSUMED_RATES[stage],
        source: 'default_assumption',
        basis: 'no data: default assumption',
      })
    }
  }
  // Measured stages keep their volume; the others follow from the rates.
  const out: FunnelStageRow[] = []
  for (const [index, row] of rows.entries()) {
    if (index === 0 || row.source === 'data') out.push(row)
    else out.push({ ...row, volume: round(out[index - 1].volume * (row.rate ?? 0), 2) })
  }
  const last = out[out.length - 1]
  return { stages: out, outcome: { stage: last.stage, volume: last.volume } }
}
