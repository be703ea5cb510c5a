import { aiGateway, terms } from '#sdk'
import type { CampaignRow } from '#plugins/campaigns/services/index'

/** One scene of a plan. */
export interface Scene {
  duration_s: number
  visual_prompt: string
  caption: string
  voiceover: string
}

/** A scene plan: the video's title and its scenes, whose durations add up to the video's. */
export interface ScenePlan {
  title: string
  scenes: Scene[]
  /** Who wrote the plan: `local` or the remote provider's name, or `user` after an edit. */
  planner: string
}

/** What a plan is grounded in: the project's goal and its campaign's brief. */
export interface PlanInput {
  goal: string
  durationS: number
  platform: string
  /** Longest scene allowed (Veo clips are at most 8 s). */
  maxSceneS: number
  campaign: Pick<
    CampaignRow,
    'name' | 'description' | 'primary_objective' | 'target_audience' | 'channels'
  > | null
}

/** JSON Schema of a plan, as the gateway's structured output gets it. */
export const SCENE_PLAN_SCHEMA = {
  type: 'object',
  required: ['title', 'scenes'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 120 },
    scenes: {
      type: 'array',
      minItems: 1,
      maxItems: 24,
      items: {
        type: 'object',
        required: ['duration_s', 'visual_prompt', 'caption', 'voiceover'],
        additionalProperties: false,
        properties: {
          duration_s: { type: 'number', minimum: 0.5, maximum: 120 },
          visual_prompt: { type: 'string', minLength: 1, maxLength: 1000 },
          caption: { type: 'string', maxLength: 200 },
          voiceover: { type: 'string', maxLength: 1000 },
        },
      },
    },
  },
}

/** Number of scenes for a duration: about one per 3 s, none longer than `maxSceneS`, at most 20. */
export function sceneCount(durationS: number, maxSceneS: number) {
  const count = Math.min(20, Math.max(1, Math.ceil(durationS / 3)))
  return Math.max(count, Math.ceil(durationS / maxSceneS))
}

/**
 * Durations in tenths of a second that add up to `durationS` exactly,
 * proportional to `weights`, each at least 0.5 s and at most `maxSceneS`.
 */
export function splitDuration(durationS: number, weights: number[], maxSceneS: number) {
  const total = Math.round(durationS * 10)
  const max = Math.round(maxSceneS * 10)
  const min = Math.min(5, Math.floor(total / weights.length))
  const sum = weights.reduce((a, b) => a + b, 0) || 1
  let tenths = weights.map((w) => Math.min(max, Math.max(min, Math.round((total * w) / sum))))
  if (tenths.some((t) => t > max) || Math.abs(tenths.reduce((a, b) => a + b, 0) - total) > total) {
    tenths = weights.map(() => Math.floor(total / weights.length))
  }
  let diff = total - tenths.reduce((a, b) => a + b, 0)
  for (let guard = 0; diff !== 0 && guard < 10_000; guard++) {
    const step = diff > 0 ? 1 : -1
    const order = tenths
      .map((t, i) => [t, i] as const)
      .sort((a, b) => (step > 0 ? a[0] - b[0] : b[0] - a[0]))
    const target = order.find(([t]) => (step > 0 ? t < max : t > min))
    if (!target) break
    tenths[target[1]] += step
    diff -= step
  }
  return tenths.map((t) => t / 10)
}

/** Whether the plan's durations add up to `durationS` (to the tenth of a second). */
export function planAddsUp(plan: Pick<ScenePlan, 'scenes'>, durationS: number) {
  const sum = plan.scenes.reduce((total, scene) => total + Math.round(scene.duration_s * 10), 0)
  return sum === Math.round(durationS * 10)
}

/** Cuts a text at a word boundary to at most `max` characters. */
function clip(text: string, max: number) {
  const clean = text.replace(/\s+/g, ' ').trim()
  if (clean.length <= max) return clean
  const cut = clean.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`
}

/** The clauses of a text (sentences and their parts), in order, without duplicates. */
function clauses(text: string) {
  const seen = new Set<string>()
  return text
    .split(/(?<=[.!?])\s+|[;\n]|\s[-–—]\s/)
    .map((part) =>
      part
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/[.!?]+$/, '')
    )
    .filter((part) => part.split(' ').length >= 2)
    .filter((part) => {
      const key = part.toLowerCase()
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
}

/**
 * The offline planner: a plan built from the goal and the campaign's brief
 * (name, description, objective, audience, channels), with no model. The
 * title is the campaign's name (or the goal's first clause); the middle
 * scenes carry the brief's clauses that share most key terms with the goal;
 * the last scene states the campaign's objective. Durations follow the length
 * of each scene's voice-over and add up to the video's duration.
 */
export function planLocally(input: PlanInput): ScenePlan {
  const campaign = input.campaign
  const goalClauses = clauses(input.goal)
  const title = clip(campaign?.name || goalClauses[0] || input.goal, 60)
  const keyTerms = new Set(terms(input.goal))
  const audience = campaign?.target_audience ? clip(campaign.target_audience, 120) : null
  const count = sceneCount(input.durationS, input.maxSceneS)
  const pool = [
    ...goalClauses.slice(1),
    ...clauses(campaign?.description ?? ''),
    ...(campaign?.channels?.length ? [`On ${campaign.channels.join(', ')}`] : []),
  ]
  const ranked = pool
    .map((text, order) => ({
      text,
      order,
      score: terms(text).filter((term) => keyTerms.has(term)).length,
    }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
  const objective = campaign?.primary_objective ? clip(campaign.primary_objective, 160) : null
  const middleCount = Math.max(0, count - (count >= 2 ? 2 : 1))
  const middle = ranked
    .slice(0, middleCount)
    .sort((a, b) => a.order - b.order)
    .map((entry) => entry.text)
  // Fewer clauses than scenes: the goal's key terms carry the remaining scenes one each.
  const spareTerms = [...keyTerms].filter(
    (term) => !middle.some((text) => text.toLowerCase().includes(term))
  )
  while (middle.length < middleCount) middle.push(spareTerms.shift() ?? goalClauses[0] ?? title)
  const style = audience ? ` For ${audience}.` : ''
  const scenes: Omit<Scene, 'duration_s'>[] = [
    {
      caption: title,
      voiceover: clip(goalClauses[0] ?? input.goal, 300),
      visual_prompt: clip(
        `Opening shot for "${title}": ${[...keyTerms].slice(0, 6).join(', ')}.${style}`,
        1000
      ),
    },
    ...middle.map((text) => ({
      caption: clip(text, 70),
      voiceover: clip(text, 300),
      visual_prompt: clip(`${text}.${style}`, 1000),
    })),
  ]
  if (count >= 2) {
    const closing = objective ?? goalClauses[goalClauses.length - 1] ?? title
    scenes.push({
      caption: clip(closing, 70),
      voiceover: clip(closing, 300),
      visual_prompt: clip(`Closing shot: ${closing}.${style}`, 1000),
    })
  }
  const durations = splitDuration(
    input.durationS,
    scenes.map((scene) => 1 + scene.voiceover.split(' ').length / 12),
    input.maxSceneS
  )
  return {
    title,
    planner: 'local',
    scenes: scenes.map((scene, index) => ({ ...scene, duration_s: durations[index] })),
  }
}

/** The grounding snippets a remote planner receives (goal, brief, constraints). */
export function planContext(input: PlanInput) {
  const campaign = input.campaign
  return [
    `Video goal: ${input.goal}`,
    `Platform: ${input.platform}; total duration: ${input.durationS} seconds; longest scene: ${input.maxSceneS} seconds`,
    ...(campaign
      ? [
          `Campaign: ${campaign.name}`,
          campaign.description ? `Campaign description: ${campaign.description}` : '',
          campaign.primary_objective ? `Objective: ${campaign.primary_objective}` : '',
          campaign.target_audience ? `Audience: ${campaign.target_audience}` : '',
        ]
      : []),
  ].filter(Boolean)
}

/**
 * A plan from a remote model through the gateway's structured output, then
 * made to fit: scene durations are rescaled to add up to the video's
 * duration (a model's arithmetic is not trusted) and capped at `maxSceneS`.
 * Runs in a tenant context (the gateway meters the call).
 */
export async function planRemotely(input: PlanInput, provider: string): Promise<ScenePlan> {
  const result = await aiGateway.generateObject<{ title: string; scenes: Scene[] }>({
    purpose: 'video.plan',
    provider,
    schema: SCENE_PLAN_SCHEMA,
    schemaName: 'scene_plan',
    system:
      'You plan short marketing videos. Answer with a title and scenes: each has a duration in seconds, a visual prompt for an image or video model, an on-screen caption of at most 70 characters, and voice-over text.',
    messages: [
      {
        role: 'user',
        content: `Plan a ${input.durationS}-second ${input.platform} video in about ${sceneCount(input.durationS, input.maxSceneS)} scenes for this goal: ${input.goal}`,
      },
    ],
    context: planContext(input),
  })
  const scenes = result.object.scenes.slice(0, 20)
  const durations = splitDuration(
    input.durationS,
    scenes.map((scene) => Math.max(0.1, scene.duration_s)),
    input.maxSceneS
  )
  return {
    title: clip(result.object.title, 120),
    planner: provider,
    scenes: scenes.map((scene, index) => ({
      duration_s: durations[index],
      visual_prompt: clip(scene.visual_prompt, 1000),
      caption: clip(scene.caption, 200),
      voiceover: clip(scene.voiceover, 1000),
    })),
  }
}
