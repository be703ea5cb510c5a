import { enqueue, revealSecret, secretResource, SecretDecryptionError, tenant } from '#sdk'
import strategyConfig from '../strategy_config.js'
import { acceptedKeyword, MAX_KEYWORDS, type KeywordVolume } from './dataforseo_client.js'
import type { KeywordCandidate } from './keyword_analysis.js'

/** The keyword volume provider's name: the vault service name and `volume_source`. */
export const VOLUME_PROVIDER = 'dataforseo'

/** What the job needs for one provider call, read in a short transaction. */
export interface VolumePlan {
  keywords: string[]
  request: {
    baseUrl: string
    login: string
    password: string
    locationCode: number
    languageCode: string
    timeoutMs: number
  }
}

/** The outcome of a provider call: volumes by lower-cased keyword, or the provider's reason. */
export type VolumeOutcome =
  | { ok: true; volumes: Map<string, KeywordVolume> }
  | { ok: false; error: string; http_status: number | null }

/**
 * Whether the provider-backed mode is on for the caller: a base URL is
 * configured and there are credentials (the caller's active `dataforseo`
 * vault secret, or the platform's login and password). Reads metadata only:
 * the secret is revealed (and audited) by the job that uses it.
 */
export async function volumeProviderConfigured() {
  const settings = strategyConfig.keywordVolumes
  if (!settings.baseUrl) return false
  if (settings.login && settings.password) return true
  const { userId } = tenant()
  if (!userId) return false
  const secret = await secretResource
    .query()
    .where('user_id', userId)
    .where('service_name', VOLUME_PROVIDER)
    .where('is_active', true)
    .first()
  return Boolean(secret)
}

/** The `sources.volumes` entry of a research whose volumes are being fetched. */
export function pendingVolumes() {
  const settings = strategyConfig.keywordVolumes
  return {
    status: 'pending',
    provider: VOLUME_PROVIDER,
    location_code: settings.locationCode,
    language_code: settings.languageCode,
  }
}

/** Queues the volume fetch of a research (a job: no transaction waits on the provider). */
export async function queueVolumeFetch(researchId: string) {
  await enqueue(
    'strategy/fetch_keyword_volumes',
    { research_id: researchId },
    { jobKey: `strategy_keyword_volumes:${researchId}` }
  )
}

/** Credentials: the caller's vault secret (`login:password`) first, then the platform's. */
async function credentials(): Promise<{ login: string; password: string } | string> {
  const settings = strategyConfig.keywordVolumes
  let own: string | null
  try {
    own = await revealSecret(VOLUME_PROVIDER, 'strategy:keyword_volumes')
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error
    return `The stored "${VOLUME_PROVIDER}" secret cannot be decrypted: store it again`
  }
  if (own) {
    const colon = own.indexOf(':')
    if (colon <= 0) return `The "${VOLUME_PROVIDER}" secret must be "login:password"`
    return { login: own.slice(0, colon), password: own.slice(colon + 1) }
  }
  if (settings.login && settings.password) {
    return { login: settings.login, password: settings.password }
  }
  return 'No DataForSEO credentials are configured'
}

/**
 * Reads what the volume fetch of a research needs (in the job's first, short
 * transaction): its keywords and the provider request. Null when the research
 * is gone or no longer pending; a configuration problem is recorded as the
 * failure and also answers null.
 */
export async function volumePlan(researchId: string): Promise<VolumePlan | null> {
  const row = await tenant()
    .trx.from('keyword_research')
    .where('id', researchId)
    .select('keywords', 'sources')
    .first()
  if (!row || row.sources?.volumes?.status !== 'pending') return null
  const settings = strategyConfig.keywordVolumes
  const found = settings.baseUrl ? await credentials() : 'No DataForSEO base URL is configured'
  if (typeof found === 'string') {
    await recordVolumes(researchId, { ok: false, error: found, http_status: null })
    return null
  }
  const keywords = (row.keywords as KeywordCandidate[])
    .map((k) => k.keyword)
    .filter(acceptedKeyword)
    .slice(0, MAX_KEYWORDS)
  return {
    keywords,
    request: {
      baseUrl: settings.baseUrl!,
      ...found,
      locationCode: settings.locationCode,
      languageCode: settings.languageCode,
      timeoutMs: settings.timeoutMs,
    },
  }
}

/**
 * Writes the outcome of a provider call (in the job's second transaction):
 * each keyword the provider knows gets its volume, competition and CPC with
 * `volume_source: 'dataforseo'`; every other keyword keeps a null (unknown)
 * volume. A failure changes no keyword and is recorded in `sources.volumes`.
 */
export async function recordVolumes(researchId: string, outcome: VolumeOutcome) {
  const { trx } = tenant()
  const row = await trx
    .from('keyword_research')
    .where('id', researchId)
    .forUpdate()
    .select('keywords', 'sources')
    .first()
  if (!row) return
  const previous = row.sources?.volumes ?? {}
  const base = {
    provider: VOLUME_PROVIDER,
    location_code: previous.location_code,
    language_code: previous.language_code,
  }
  if (!outcome.ok) {
    await trx
      .from('keyword_research')
      .where('id', researchId)
      .update({
        sources: JSON.stringify({
          ...row.sources,
          volumes: {
            ...base,
            status: 'failed',
            error: outcome.error,
            http_status: outcome.http_status,
          },
        }),
      })
    return
  }
  let known = 0
  const keywords = (row.keywords as KeywordCandidate[]).map((keyword) => {
    const volume = outcome.volumes.get(keyword.keyword.toLowerCase())
    if (!volume) return { ...keyword, search_volume: null, volume_source: null }
    known++
    return { ...keyword, ...volume, volume_source: VOLUME_PROVIDER }
  })
  await trx
    .from('keyword_research')
    .where('id', researchId)
    .update({
      keywords: JSON.stringify(keywords),
      sources: JSON.stringify({
        ...row.sources,
        search_volume: `${VOLUME_PROVIDER} for ${known} of ${keywords.length} keywords; the others are unknown`,
        volumes: {
          ...base,
          status: 'ready',
          known,
          unknown: keywords.length - known,
          fetched_at: new Date().toISOString(),
        },
      }),
    })
}
