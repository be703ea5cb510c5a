import { rawQuery, serviceJob } from '#sdk'

/** `core/oauth_cleanup_states` (hourly): the seed's cleanup_expired_oauth_states(). */
const oauthCleanupStates = serviceJob(async (_payload, helpers, { trx }) => {
  await rawQuery(trx, 'select public.cleanup_expired_oauth_states()')
  helpers.logger.info('deleted expired OAuth states')
})

export default oauthCleanupStates
