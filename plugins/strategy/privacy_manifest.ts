import type { PrivacyManifest } from '#sdk'

/**
 * Personal data of the strategy plugin. Analyses and keyword research belong
 * to the workspace: erasure removes the link to the person. Copilot sessions
 * are the user's own briefs and conversations: erased with the user.
 */
export const privacyManifest: PrivacyManifest = {
  tables: [
    {
      table: 'brand_positioning_analyses',
      userColumn: 'user_id',
      erase: 'anonymize',
      anonymizeColumns: ['user_id'],
    },
    {
      table: 'funnel_designs',
      userColumn: 'user_id',
      erase: 'anonymize',
      anonymizeColumns: ['user_id'],
    },
    {
      table: 'performance_tracking_frameworks',
      userColumn: 'user_id',
      erase: 'anonymize',
      anonymizeColumns: ['user_id'],
    },
    {
      table: 'strategy_analysis_versions',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
    },
    {
      table: 'keyword_research',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
    },
    {
      table: 'competitive_gap_analyses',
      userColumn: 'user_id',
      erase: 'anonymize',
      anonymizeColumns: ['user_id'],
    },
    { table: 'campaign_copilot_sessions', userColumn: 'user_id', erase: 'delete' },
  ],
}
