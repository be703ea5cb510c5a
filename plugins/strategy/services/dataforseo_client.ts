/*
| DataForSEO's Google Ads search volume, "live" method:
|
|   POST {base}/v3/keywords_data/google_ads/search_volume/live
|   Authorization: Basic base64(login:password)
|   [{ "keywords": [...], "location_code": 2840, "language_code": "en" }]
|
| The answer is an envelope `{ status_code, status_message, tasks: [...] }`
| whose one task has its own `status_code` (20000 is success) and a `result`
| array of `{ keyword, search_volume, competition, competition_index, cpc, ... }`
| items. A keyword the provider has no data for comes back with a null
| `search_volume`, or not at all.
*/

/** Path of the live search volume endpoint, under the configured base URL. */
export const SEARCH_VOLUME_PATH = '/v3/keywords_data/google_ads/search_volume/live'

/** DataForSEO's success code, in the envelope and in each task. */
const OK = 20000

/** The endpoint's limits: keywords per request, characters and words per keyword. */
export const MAX_KEYWORDS = 1000
const MAX_KEYWORD_CHARS = 80
const MAX_KEYWORD_WORDS = 10

/** What the provider knows about one keyword. */
export interface KeywordVolume {
  search_volume: number
  competition: string | null
  competition_index: number | null
  cpc: number | null
}

/** A failed provider call: the provider's reason, and its HTTP status when it answered. */
export class KeywordVolumeError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null
  ) {
    super(message)
  }
}

/** Whether the endpoint accepts a keyword (length and word limits). */
export function acceptedKeyword(keyword: string) {
  return keyword.length <= MAX_KEYWORD_CHARS && keyword.split(/\s+/).length <= MAX_KEYWORD_WORDS
}

/** A number, or null for anything else (the provider sends null for unknown values). */
function numberOrNull(value: unknown) {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/**
 * Asks DataForSEO for the search volumes of `keywords` (at most MAX_KEYWORDS,
 * each accepted by `acceptedKeyword`). Returns the volumes by lower-cased
 * keyword; keywords without a volume are absent. Throws KeywordVolumeError
 * with the provider's reason on an HTTP error, a task error, a malformed
 * answer or a timeout. Call it with no database transaction open.
 */
export async function fetchSearchVolumes(
  request: {
    baseUrl: string
    login: string
    password: string
    locationCode: number
    languageCode: string
    timeoutMs: number
  },
  keywords: string[]
): Promise<Map<string, KeywordVolume>> {
  const url = `${request.baseUrl.replace(/\/+$/, '')}${SEARCH_VOLUME_PATH}`
  const auth = Buffer.from(`${request.login}:${request.password}`).toString('base64')
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'authorization': `Basic ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          keywords,
          location_code: request.locationCode,
          language_code: request.languageCode,
        },
      ]),
      signal: AbortSignal.timeout(request.timeoutMs),
    })
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError'
    throw new KeywordVolumeError(
      timedOut
        ? `DataForSEO did not answer within ${request.timeoutMs} ms`
        : `DataForSEO could not be reached (${(error as Error).message})`,
      null
    )
  }
  const text = await response.text()
  let body: any = null
  try {
    body = JSON.parse(text)
  } catch {
    // Reported below as a malformed answer or with the HTTP status.
  }
  const reason = typeof body?.status_message === 'string' ? body.status_message : null
  if (!response.ok) {
    throw new KeywordVolumeError(
      `DataForSEO answered HTTP ${response.status}${reason ? `: ${reason}` : ''}`,
      response.status
    )
  }
  if (!body || typeof body !== 'object') {
    throw new KeywordVolumeError('DataForSEO answered something that is not JSON', response.status)
  }
  if (body.status_code !== OK) {
    throw new KeywordVolumeError(
      `DataForSEO error ${body.status_code}: ${reason ?? 'no message'}`,
      response.status
    )
  }
  const task = Array.isArray(body.tasks) ? body.tasks[0] : null
  if (!task || typeof task !== 'object') {
    throw new KeywordVolumeError('DataForSEO answered without a task', response.status)
  }
  if (task.status_code !== OK) {
    throw new KeywordVolumeError(
      `DataForSEO task error ${task.status_code}: ${task.status_message ?? 'no message'}`,
      response.status
    )
  }
  const volumes = new Map<string, KeywordVolume>()
  for (const item of Array.isArray(task.result) ? task.result : []) {
    const volume = numberOrNull(item?.search_volume)
    if (typeof item?.keyword !== 'string' || volume === null) continue
    volumes.set(item.keyword.toLowerCase(), {
      search_volume: volume,
      competition: typeof item.competition === 'string' ? item.competition : null,
      competition_index: numberOrNull(item.competition_index),
      cpc: numberOrNull(item.cpc),
    })
  }
  return volumes
}
