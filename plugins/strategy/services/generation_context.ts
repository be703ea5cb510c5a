import type { GenerationContextProvider } from '#sdk'
import { activePositioning } from './positioning_service.js'

/**
 * The strategy plugin's `generationContext` hook: every other domain's
 * generation (campaign content, and later e-mail, social and video) receives
 * the workspace's active positioning, differentiators and brand tone as
 * grounding. The strategy plugin's own calls get nothing (they build their
 * own sources).
 */
const strategyGenerationContext: GenerationContextProvider = async ({ purpose }) => {
  if (purpose.startsWith('strategy.')) return []
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
