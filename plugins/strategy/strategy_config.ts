import { env } from '#sdk'

/** Operator settings of the DataForSEO keyword volume provider (docs/guide/strategy.md). */
export interface KeywordVolumeSettings {
  /** API origin; unset: the provider-backed mode is off (offline research only). */
  baseUrl?: string
  /** Platform login and password; a user's `dataforseo` vault secret (`login:password`) comes first. */
  login?: string
  password?: string
  /** Google Ads location code of the volumes (2840: United States). */
  locationCode: number
  /** Google Ads language code of the volumes. */
  languageCode: string
  /** Time limit of one provider call, in milliseconds. */
  timeoutMs: number
}

/** Typed settings of the strategy plugin. */
export interface StrategyConfig {
  keywordVolumes: KeywordVolumeSettings
}

/** The strategy plugin's settings, read once from the environment (tests change them in place). */
export default {
  keywordVolumes: {
    baseUrl: env.get('STRATEGY_DATAFORSEO_BASE_URL'),
    login: env.get('STRATEGY_DATAFORSEO_LOGIN'),
    password: env.get('STRATEGY_DATAFORSEO_PASSWORD')?.release(),
    locationCode: env.get('STRATEGY_DATAFORSEO_LOCATION_CODE', 2840),
    languageCode: env.get('STRATEGY_DATAFORSEO_LANGUAGE_CODE', 'en'),
    timeoutMs: env.get('STRATEGY_DATAFORSEO_TIMEOUT_MS', 30_000),
  },
} satisfies StrategyConfig as StrategyConfig
