import type { PrivacyManifest } from '#sdk'

/**
 * Personal data of the video plugin. Projects and their steps belong to the
 * workspace (statistics and costs stay), so erasing their creator removes the
 * link to the person and the files that may carry them: the voice-over or
 * music they uploaded (`audio_key`), the rendered video that mixes it in
 * (`video_key`) and the scenes' images and clips (`result_url`). Exports
 * include the rows and those files.
 *
 * Projects made in `<aip-video-studio>` name an embed end user in
 * `created_by_end_user_id` (no platform user: not a subject of this
 * manifest). Erasing that end user (DELETE /v1/embed/end-users/:id) clears
 * the column through its foreign key (`on delete set null`), and the project
 * stays with the workspace like one whose creator left; the end user's own
 * words (goal, plan) are the workspace's marketing content from then on.
 */
export const privacyManifest: PrivacyManifest = {
  tables: [
    {
      table: 'ai_video_jobs',
      userColumn: 'user_id',
      erase: 'anonymize',
      anonymizeColumns: ['user_id', 'result_url'],
      fileColumns: ['result_url'],
    },
    {
      table: 'ai_video_projects',
      userColumn: 'user_id',
      erase: 'anonymize',
      anonymizeColumns: ['user_id', 'audio_key', 'video_key'],
      fileColumns: ['audio_key', 'video_key'],
    },
  ],
}
