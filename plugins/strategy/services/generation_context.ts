import { tenant, type GenerationContextProvider } from '#sdk'
import { activePositioning } from './positioning_service.js'

/**
 * The strategy plugin's `generationContext` hook: every other domain's
 * generation (campaign content, and later e-mail, social and video) receives
 * the workspace's active positioning, differentiators and brand tone as
 * grounding. Three kinds of call get nothing: the strategy plugin's own (they
 * build their own sources), the knowledge plugin's (summaries and cited
 * answers speak for the documents only, never for the brand), and anonymous
 * callers (a public widget's visitor may not read the workspace's strategy,
 * and `app_anon` cannot).
 */
const strategyGenerationContext: GenerationContextProvider = async ({ purpose }) => {
  if (purpose.startsWith('strategy.') || purpose.startsWith('knowledge.')) return []
  if (tenant().via === 'anonymous') return []
  const positioning = await activePositioning()
  if (!positioning) return []
  const tone = positioning.brand_tone as { voice?: string; attributes?: string[] }
  const snippets = [`Brand positioning: ${positioning.positioning_statement}`]
  if (positioning.differentiators.length) {
    snippets.push(`Brand differentiators: ${positioning.differentiators.join('; ')}.`)
  }
  if (tone.voice) {
    snippets.push(
      `Brand tone: ${tone.voice}${tone.attributes?.length ? ` (${tone.attributes.join(', ')})` : ''}.`
    )
  }
  return snippets
}

export default strategyGenerationContext
