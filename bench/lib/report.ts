import { mkdirSync, writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { cpus, totalmem } from 'node:os'
import { dirname } from 'node:path'

/**
 * One line of the results table: the platform and its baseline measured in the
 * same run (medians of the rounds), and their ratio (platform / baseline;
 * 1.0 = as fast as the baseline).
 */
export interface Comparison {
  scenario: string
  measure: string
  unit: string
  platform: number
  baseline: number
  /** Median of the per-round ratios. */
  ratio: number
  roundRatios: number[]
  /** Free text shown next to the numbers (latencies, settings). */
  platformNote?: string
  baselineNote?: string
}

/** Median of a non-empty list. */
export function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * Builds a comparison line from per-round figures of the platform and of the
 * baseline (same length, round i of both sides ran back to back). Platform and
 * baseline are the medians of their rounds; the ratio is the median of the
 * per-round ratios, which cancels most of the drift of a shared machine.
 */
export function compareRounds(
  scenario: string,
  measure: string,
  unit: string,
  platform: number[],
  baseline: number[],
  notes: { platform?: string; baseline?: string } = {}
): Comparison {
  const ratios = platform.map((value, index) => value / baseline[index])
  return {
    scenario,
    measure,
    unit,
    platform: median(platform),
    baseline: median(baseline),
    ratio: median(ratios),
    roundRatios: ratios,
    platformNote: notes.platform,
    baselineNote: notes.baseline,
  }
}

/**
 * Share of the machine's CPU time (0–100) used during `ms` while the bench is
 * idle: other processes competing with the run. Ratios hold up under moderate
 * load (both sides of a round run back to back); absolute numbers do not.
 */
export async function backgroundCpuPercent(ms = 1000) {
  const total = () =>
    cpus().reduce(
      (sum, cpu) => {
        const { idle, ...busy } = cpu.times
        sum.idle += idle
        sum.busy += Object.values(busy).reduce((a, b) => a + b, 0)
        return sum
      },
      { idle: 0, busy: 0 }
    )
  const before = total()
  await sleep(ms)
  const after = total()
  const busy = after.busy - before.busy
  const idle = after.idle - before.idle
  return busy + idle > 0 ? Math.round((100 * busy) / (busy + idle)) : 0
}

/** The machine the numbers come from (they are only comparable within one run). */
export function machineInfo(postgres: string) {
  const cpuList = cpus()
  return {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    postgres,
  }
}

const formatNumber = (value: number) =>
  value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 10 ? 1 : 2)

/** Markdown table of the comparisons (what `npm run bench` prints). */
export function markdownTable(comparisons: Comparison[]) {
  const lines = [
    '| Scenario | Measure | Platform | Baseline | Ratio platform/baseline |',
    '| --- | --- | ---: | ---: | ---: |',
  ]
  for (const line of comparisons) {
    const platform = `${formatNumber(line.platform)} ${line.unit}${line.platformNote ? ` (${line.platformNote})` : ''}`
    const baseline = `${formatNumber(line.baseline)} ${line.unit}${line.baselineNote ? ` (${line.baselineNote})` : ''}`
    lines.push(
      `| ${line.scenario} | ${line.measure} | ${platform} | ${baseline} | **${line.ratio.toFixed(2)}** (${Math.min(...line.roundRatios).toFixed(2)}–${Math.max(...line.roundRatios).toFixed(2)}) |`
    )
  }
  return lines.join('\n')
}

/** Writes the run's results as pretty JSON (creating the folder). */
export function writeJson(path: string, data: unknown) {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`)
}
