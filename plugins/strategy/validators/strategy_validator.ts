import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'
import { FUNNEL_STAGES } from '../services/funnel_model.js'
import { PLAN_SECTIONS } from '../services/copilot_service.js'

const DAY = /^\d{4}-\d{2}-\d{2}$/
const day = () => vine.string().regex(DAY)
const name = (max = 200) => vine.string().trim().minLength(1).maxLength(max)
const uuid = () => vine.string().uuid()
const ai = {
  /** An AI provider (default: the configured one, `local` out of the box). */
  provider: vine.string().trim().minLength(1).maxLength(32).optional(),
  model: vine.string().trim().minLength(1).maxLength(128).optional(),
}

/** Query of the list routes. */
export const listValidator = vine.create({ ...pageQuery })

/** Body of POST /v1/strategy/positioning. */
export const createPositioningValidator = vine.create({
  product_name: name(),
  description: vine.string().trim().minLength(1).maxLength(5000).optional(),
  target_customer: vine.string().trim().minLength(1).maxLength(1000).optional(),
  competitors: vine.array(name()).maxLength(10).optional(),
  bucket_ids: vine.array(uuid()).maxLength(20).optional(),
  ...ai,
})

/** Body of POST /v1/strategy/positioning/:id/regenerate. */
export const regenerateValidator = vine.create({ ...ai })

/** Body of PATCH /v1/strategy/positioning/:id: the sections the user rewrote. */
export const editPositioningValidator = vine.create({
  positioning_statement: name(2000).optional(),
  differentiators: vine.array(name(600)).minLength(1).maxLength(10).optional(),
  brand_tone: vine
    .object({ voice: name(300), attributes: vine.array(name(100)).maxLength(10) })
    .optional(),
  three_cs_analysis: vine
    .object({
      company: name(2000).optional(),
      customer: name(2000).optional(),
      competition: name(2000).optional(),
    })
    .optional(),
  recommendations: vine.array(name(600)).maxLength(10).optional(),
})

/** Query of GET …/diff: the two version numbers. */
export const diffValidator = vine.create({
  from: vine.number().withoutDecimals().min(1),
  to: vine.number().withoutDecimals().min(1),
})

const rate = () => vine.number().min(0).max(1)
const assumedRates = vine
  .object({
    engagement: rate().optional(),
    conversion: rate().optional(),
    retention: rate().optional(),
  })
  .optional()

/** Body of POST /v1/strategy/funnels. */
export const createFunnelValidator = vine.create({
  business_type: name(),
  campaign_id: uuid().optional(),
  from: day().optional(),
  to: day().optional(),
  entry_volume: vine.number().min(1).max(1e12).optional(),
  assumed_rates: assumedRates,
})

/** Body of PATCH /v1/strategy/funnels/:id. */
export const editFunnelValidator = vine.create({
  business_type: name().optional(),
  from: day().optional(),
  to: day().optional(),
  entry_volume: vine.number().min(1).max(1e12).optional(),
  assumed_rates: assumedRates,
})

/** Body of POST /v1/strategy/funnels/:id/what-if. */
export const whatIfValidator = vine.create({
  stage: vine.enum(FUNNEL_STAGES),
  rate: rate(),
})

const metricName = () =>
  vine
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
const kpi = vine.object({
  key: vine
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,63}$/),
  name: name().optional(),
  /** A metric of GET /v1/strategy/kpi-catalogue; null or absent: the KPI needs a data source. */
  metric: metricName().nullable().optional(),
  target: vine.number().min(-1e12).max(1e12).nullable().optional(),
  counter_metric: metricName().nullable().optional(),
})

/** Body of POST /v1/strategy/kpi-frameworks. */
export const createKpiFrameworkValidator = vine.create({
  campaign_name: name(),
  channels: vine.array(name(64)).minLength(1).maxLength(20),
  campaign_id: uuid().optional(),
  preset: vine.enum(['aarrr', 'heart'] as const).optional(),
  kpis: vine.array(kpi).maxLength(50).optional(),
})

/** Body of PATCH /v1/strategy/kpi-frameworks/:id. */
export const editKpiFrameworkValidator = vine.create({
  campaign_name: name().optional(),
  is_active: vine.boolean().optional(),
  kpis: vine.array(kpi).maxLength(50).optional(),
})

/** Query of GET /v1/strategy/kpi-frameworks/:id/evaluation (default: the last 30 days). */
export const evaluationValidator = vine.create({
  from: day().optional(),
  to: day().optional(),
})

/** Body of POST /v1/strategy/keyword-research. */
export const createKeywordResearchValidator = vine.create({
  query: name(),
  bucket_ids: vine.array(uuid()).maxLength(20).optional(),
  max_keywords: vine.number().withoutDecimals().min(1).max(200).optional(),
  /** Brand names: keywords naming them are navigational. */
  brands: vine.array(name(100)).maxLength(20).optional(),
  /** Page texts to add to the corpus (e.g. competitor pages the user copied). */
  documents: vine
    .array(
      vine.object({ title: name(300), text: vine.string().trim().minLength(1).maxLength(200_000) })
    )
    .maxLength(50)
    .optional(),
})

/** Body of POST /v1/strategy/copilot/sessions: the campaign brief. */
export const createCopilotSessionValidator = vine.create({
  objective: name(1000),
  product: name().optional(),
  audience: vine.string().trim().minLength(1).maxLength(1000).optional(),
  budget: vine.number().min(0).max(1e12).optional(),
  channels: vine.array(name(64)).maxLength(20).optional(),
  duration_weeks: vine.number().withoutDecimals().min(1).max(104).optional(),
  ...ai,
})

/** Body of POST /v1/strategy/copilot/sessions/:id/feedback. */
export const copilotFeedbackValidator = vine.create({
  section: vine.enum(PLAN_SECTIONS),
  interaction_type: vine.enum(['approve', 'edit', 'regenerate', 'reject'] as const),
  feedback_score: vine.number().withoutDecimals().min(1).max(5).optional(),
  /** The user's version of the section (required for `edit`). */
  user_modification: vine.any().optional(),
})

/** Body of POST /v1/strategy/copilot/sessions/:id/save. */
export const saveCopilotSessionValidator = vine.create({
  name: name().optional(),
  start_date: day().optional(),
})

/** Body of POST /v1/strategy/competitive-gaps. */
export const createCompetitiveGapValidator = vine.create({
  our_brand: name(),
  /** What we offer, in our words: compared with what competitor pages say. */
  our_description: vine.string().trim().minLength(1).maxLength(5000).optional(),
  competitors: vine
    .array(
      vine.object({
        name: name(),
        url: vine
          .string()
          .trim()
          .url({ require_protocol: true, protocols: ['http', 'https'], require_tld: false })
          .maxLength(2000),
      })
    )
    .minLength(1)
    .maxLength(10),
})
