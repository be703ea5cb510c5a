import { defineSchema, pageOf } from '#sdk'
import { positioningResource } from '../services/positioning_resource.js'
import { funnelResource } from '../services/funnel_resource.js'
import { kpiFrameworkResource } from '../services/kpi_framework_resource.js'
import { keywordResearchResource } from '../services/keyword_research_resource.js'
import { copilotSessionResource } from '../services/copilot_session_resource.js'
import { analysisVersionResource } from '../services/analysis_version_resource.js'
import {
  competitiveGapResource,
  competitorSnapshotResource,
} from '../services/competitive_gap_resource.js'

const uuid = { type: 'string', format: 'uuid' }
const nullableNumber = { type: ['number', 'null'] }
const change = {
  type: 'object',
  required: ['path', 'op'],
  properties: {
    path: { type: 'string' },
    op: { enum: ['added', 'removed', 'changed'] },
    before: {},
    after: {},
  },
}

/** Response schemas of the strategy routes (OpenAPI components). */
export const strategySchemas = {
  positioning: positioningResource.schema,
  positioningPage: pageOf('BrandPositioningAnalysisPage', positioningResource.schema),
  funnel: funnelResource.schema,
  funnelPage: pageOf('FunnelDesignPage', funnelResource.schema),
  kpiFramework: kpiFrameworkResource.schema,
  kpiFrameworkPage: pageOf('KpiFrameworkPage', kpiFrameworkResource.schema),
  keywordResearch: keywordResearchResource.schema,
  keywordResearchPage: pageOf('KeywordResearchPage', keywordResearchResource.schema),
  competitiveGap: competitiveGapResource.schema,
  competitiveGapPage: pageOf('CompetitiveGapAnalysisPage', competitiveGapResource.schema),
  snapshots: defineSchema('CompetitorSnapshotList', {
    type: 'object',
    required: ['data'],
    properties: { data: { type: 'array', items: competitorSnapshotResource.schema } },
  }),
  copilotSession: copilotSessionResource.schema,
  copilotSessionPage: pageOf('CampaignCopilotSessionPage', copilotSessionResource.schema),
  versions: defineSchema('StrategyAnalysisVersionList', {
    type: 'object',
    required: ['data'],
    properties: { data: { type: 'array', items: analysisVersionResource.schema } },
  }),
  diff: defineSchema('StrategyAnalysisDiff', {
    type: 'object',
    required: ['analysis_type', 'analysis_id', 'from', 'to', 'changes'],
    properties: {
      analysis_type: { type: 'string' },
      analysis_id: uuid,
      from: { type: 'integer' },
      to: { type: 'integer' },
      changes: { type: 'array', items: change },
    },
  }),
  whatIf: defineSchema('FunnelWhatIf', {
    type: 'object',
    required: [
      'funnel_id',
      'stage',
      'rate',
      'baseline_outcome',
      'scenario_outcome',
      'change',
      'relative_change',
      'stages',
    ],
    properties: {
      funnel_id: uuid,
      stage: { type: 'string' },
      rate: { type: 'number' },
      baseline_outcome: { type: 'number' },
      scenario_outcome: { type: 'number' },
      change: { type: 'number' },
      relative_change: nullableNumber,
      stages: { type: 'array', items: { type: 'object' } },
    },
  }),
  catalogue: defineSchema('KpiCatalogue', {
    type: 'object',
    required: ['metrics', 'presets'],
    properties: {
      metrics: {
        type: 'array',
        items: {
          type: 'object',
          required: ['key', 'label', 'source', 'unit', 'direction', 'description'],
          properties: {
            key: { type: 'string' },
            label: { type: 'string' },
            source: { type: 'string' },
            unit: { type: 'string' },
            direction: { enum: ['up', 'down'] },
            description: { type: 'string' },
          },
        },
      },
      presets: { type: 'object' },
    },
  }),
  evaluation: defineSchema('KpiEvaluation', {
    type: 'object',
    required: ['framework_id', 'from', 'to', 'kpis'],
    properties: {
      framework_id: uuid,
      from: { type: 'string', format: 'date' },
      to: { type: 'string', format: 'date' },
      kpis: {
        type: 'array',
        items: {
          type: 'object',
          required: ['key', 'name', 'metric', 'value', 'target', 'status', 'counter_metric'],
          properties: {
            key: { type: 'string' },
            name: { type: 'string' },
            metric: { type: ['string', 'null'] },
            value: nullableNumber,
            target: nullableNumber,
            status: { enum: ['met', 'not_met', 'no_target', 'no_data', 'needs_data_source'] },
            counter_metric: {
              type: ['object', 'null'],
              properties: { metric: { type: 'string' }, value: nullableNumber },
            },
          },
        },
      },
    },
  }),
  saved: defineSchema('CopilotSessionSaved', {
    type: 'object',
    required: ['session', 'campaign', 'tasks'],
    properties: {
      session: copilotSessionResource.schema,
      campaign: { type: 'object' },
      tasks: { type: 'array', items: { type: 'object' } },
    },
  }),
}
