import integrations from '../integrations_config.js'
import { Problem } from '#sdk'
import {
  OAUTH_PROVIDER_NAMES,
  OAUTH_PROVIDERS,
  type OAuthEndpoint,
  type OAuthProviderDefinition,
} from './oauth_providers.js'

/** A provider with everything needed to run the flow: its definition plus its settings. */
export interface ResolvedProvider extends OAuthProviderDefinition {
  name: string
  clientId: string
  clientSecret: string
  authBaseUrl: string
  apiBaseUrl: string
  /** Scopes requested by default (configured override or the definition's). */
  scopes: string[]
}

/** What the providers list shows: the definition and whether it can be used. */
export interface ProviderStatus {
  name: string
  display_name: string
  kind: 'social' | 'integration'
  pkce: boolean
  revocable: boolean
  default_scopes: string[]
  configured: boolean
  /** Settings still missing, as environment variable names. */
  missing_settings: string[]
}

/** The definition of a built-in provider, or undefined for an unknown name. */
export function providerDefinition(name: string): OAuthProviderDefinition | undefined {
  return Object.hasOwn(OAUTH_PROVIDERS, name)
    ? (OAUTH_PROVIDERS as Record<string, OAuthProviderDefinition>)[name]
    : undefined
}

function settingsOf(name: string) {
  return integrations.oauthProviders[name] ?? {}
}

/** Environment variables a provider still needs before it can be used. */
function missingSettings(name: string): string[] {
  const settings = settingsOf(name)
  const prefix = `OAUTH_${name.toUpperCase()}_`
  const missing: string[] = []
  if (!settings.clientId) missing.push(prefix + 'CLIENT_ID')
  if (!settings.clientSecret) missing.push(prefix + 'CLIENT_SECRET')
  if (!settings.authBaseUrl) missing.push(prefix + 'AUTH_URL')
  if (!settings.apiBaseUrl) missing.push(prefix + 'API_URL')
  return missing
}

/** Every built-in provider with its configuration status. */
export function providerStatuses(): ProviderStatus[] {
  return OAUTH_PROVIDER_NAMES.map((name) => {
    const definition = OAUTH_PROVIDERS[name] as OAuthProviderDefinition
    const missing = missingSettings(name)
    return {
      name,
      display_name: definition.displayName,
      kind: definition.kind,
      pkce: definition.pkce,
      revocable: Boolean(definition.revoke),
      default_scopes: settingsOf(name).scopes ?? definition.defaultScopes,
      configured: missing.length === 0,
      missing_settings: missing,
    }
  })
}

/**
 * The provider ready to use. Unknown names are 404; a provider without client
 * credentials or base URLs is 409 "not configured" (an operator task).
 */
export function resolveProvider(name: string): ResolvedProvider {
  const definition = providerDefinition(name)
  if (!definition) throw Problem.notFound('OAuth provider')
  const missing = missingSettings(name)
  if (missing.length) {
    throw new Problem(
      409,
      'oauth-provider-not-configured',
      'OAuth provider not configured',
      `The ${definition.displayName} provider is not configured on this platform (missing ${missing.join(', ')})`
    )
  }
  const settings = settingsOf(name)
  return {
    ...definition,
    name,
    clientId: settings.clientId!,
    clientSecret: settings.clientSecret!,
    authBaseUrl: settings.authBaseUrl!,
    apiBaseUrl: settings.apiBaseUrl!,
    scopes: settings.scopes ?? definition.defaultScopes,
  }
}

/** Absolute URL of one of the provider's endpoints. */
export function endpointUrl(provider: ResolvedProvider, endpoint: OAuthEndpoint): URL {
  const base = endpoint.base === 'auth' ? provider.authBaseUrl : provider.apiBaseUrl
  return new URL(base + endpoint.path)
}

/** The redirect URI registered with the provider: the platform's callback route. */
export function callbackUrl(name: string): string {
  return `${integrations.oauthRedirectBaseUrl}/v1/integrations/oauth/${name}/callback`
}

/**
 * Whether `returnTo` may receive the browser after the callback: an http(s)
 * URL on the callback's own origin or on one listed in OAUTH_RETURN_ORIGINS.
 */
export function allowedReturnTo(returnTo: string): boolean {
  let url: URL
  try {
    url = new URL(returnTo)
  } catch {
    return false
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  if (url.username || url.password) return false
  const origins = [
    new URL(integrations.oauthRedirectBaseUrl).origin,
    ...integrations.oauthReturnOrigins,
  ]
  return origins.includes(url.origin)
}

/** The provider `name` ready for a background refresh or revocation, or null when it is not configured. */
export function providerOrNull(name: string): ResolvedProvider | null {
  try {
    return resolveProvider(name)
  } catch {
    return null
  }
}
