import { env, appUrl } from '#sdk'
import { OAUTH_PROVIDER_NAMES } from './services/oauth_providers.js'

/** Credentials and endpoints of one OAuth provider, from the environment. */
export interface OAuthProviderSettings {
  clientId?: string
  clientSecret?: string
  /** Base URL of the pages the user's browser visits (the authorization endpoint). */
  authBaseUrl?: string
  /** Base URL of the endpoints the platform calls (token, revoke, profile). */
  apiBaseUrl?: string
  /** Replaces the provider's default scopes. */
  scopes?: string[]
}

/** Settings of integrations and OAuth connections. */
export interface IntegrationsConfig {
  /** Public base URL of the OAuth callback: `<base>/v1/integrations/oauth/<provider>/callback`. */
  oauthRedirectBaseUrl: string
  /** Origins a `return_to` address may use, besides the redirect base URL's own. */
  oauthReturnOrigins: string[]
  /** Per-provider settings, by provider name. */
  oauthProviders: Record<string, OAuthProviderSettings>
}

/**
 * Integration settings: the OAuth callback base URL, the origins `return_to`
 * may use, and each provider's credentials and endpoints (see
 * docs/guide/integrations.md). Read from the environment when the module loads.
 */
const integrationsConfig: IntegrationsConfig = {
  oauthRedirectBaseUrl: httpUrl(
    'OAUTH_REDIRECT_BASE_URL',
    env.get('OAUTH_REDIRECT_BASE_URL', appUrl)
  )!,
  oauthReturnOrigins: (env.get('OAUTH_RETURN_ORIGINS') ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean)
    .map((value) => new URL(httpUrl('OAUTH_RETURN_ORIGINS', value)!).origin),
  oauthProviders: Object.fromEntries(
    OAUTH_PROVIDER_NAMES.map((name) => [name, oauthProviderSettings(name)])
  ),
}

export default integrationsConfig

/**
 * `OAUTH_<PROVIDER>_CLIENT_ID`, `_CLIENT_SECRET`, `_AUTH_URL`, `_API_URL` and
 * `_SCOPES` of one provider (see docs/guide/integrations.md).
 */
function oauthProviderSettings(name: string): OAuthProviderSettings {
  const prefix = `OAUTH_${name.toUpperCase()}_`
  const read = (suffix: string): string | undefined => {
    const value = process.env[prefix + suffix]?.trim()
    return value ? value : undefined
  }
  const scopes = read('SCOPES')
  return {
    clientId: read('CLIENT_ID'),
    clientSecret: read('CLIENT_SECRET'),
    authBaseUrl: httpUrl(prefix + 'AUTH_URL', read('AUTH_URL')),
    apiBaseUrl: httpUrl(prefix + 'API_URL', read('API_URL')),
    scopes: scopes ? scopes.split(/[\s,]+/).filter(Boolean) : undefined,
  }
}

/** An http(s) URL without trailing slash; stops the start when the variable holds anything else. */
function httpUrl(variable: string, value: string | undefined) {
  if (value === undefined) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`${variable} must be an http(s) URL, got "${value}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${variable} must be an http(s) URL, got "${value}"`)
  }
  return value.replace(/\/+$/, '')
}
