import { isPluginEnabled } from '#sdk'

/** The plugins whose faces step 4 (content for the coming week) uses when they are enabled. */
export const CONTENT_PLUGINS = ['content', 'email', 'social'] as const

/** Which of the content plugins are enabled here (no database access). */
export async function contentPluginsEnabled(): Promise<string[]> {
  const enabled: string[] = []
  for (const name of CONTENT_PLUGINS) if (await isPluginEnabled(name)) enabled.push(name)
  return enabled
}

/** What step 4 did. */
export type ContentStepResult = {
  enabled: string[]
  proposed: number
  note: string
}

/**
 * Step 4 of the daily run: propose content for the coming week through the
 * content, email and social plugins' faces, when they are enabled (proposals
 * only: nothing is published without approval).
 *
 * Integration point: those plugins are built on other branches, so their faces
 * are not importable here. After they merge, this function calls the content
 * face's `createCalendarEntries` (draft calendar entries for the coming week,
 * status awaiting approval, one per enabled channel and goal) and returns how
 * many it proposed. Until then it proposes nothing and says so; it never
 * pretends to have proposed content.
 */
export async function proposeWeeklyContent(): Promise<ContentStepResult> {
  const enabled = await contentPluginsEnabled()
  if (!enabled.length) {
    return { enabled, proposed: 0, note: 'No content, email or social plugin is enabled' }
  }
  return {
    enabled,
    proposed: 0,
    note: 'The content faces are not wired into this build of the autopilot yet',
  }
}
