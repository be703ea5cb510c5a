/**
 * The OAuth 2.0 providers the platform can connect to, described as data. One
 * generic flow (oauth_client.ts, next to this file) serves them all: adding a
 * provider means adding an entry here, never a code path.
 *
 * Endpoints are paths on one of two base URLs that the operator configures
 * per provider (see docs/guide/integrations.md): `auth` is the host the user's
 * browser is sent to, `api` the host the platform calls server to server.
 */

/** Which base URL an endpoint lives on. */
export type OAuthBase = 'auth' | 'api'

/** One endpoint of a provider: a path on one of its base URLs. */
export interface OAuthEndpoint {
  base: OAuthBase
  path: string
}

/** How the platform authenticates itself at the token and revoke endpoints. */
export type ClientAuthStyle = 'basic' | 'body'

/** Where a provider's connections are kept. */
export type ConnectionKind = 'social' | 'integration'

/** The declarative description of a provider. */
export interface OAuthProviderDefinition {
  /** Human name for lists and messages. */
  displayName: string
  /** `social` → `social_platform_connections`; `integration` → `oauth_connections`. */
  kind: ConnectionKind
  authorize: OAuthEndpoint
  token: OAuthEndpoint
  /** RFC 7009 revocation endpoint, when the provider has one. */
  revoke?: OAuthEndpoint
  /** Scopes requested when the caller names none. */
  defaultScopes: string[]
  /** Separator of the `scope` parameter (space by the RFC; some providers use commas). */
  scopeSeparator: ' ' | ','
  /** Whether the provider supports PKCE with S256 (then the platform always uses it). */
  pkce: boolean
  clientAuth: ClientAuthStyle
  /** Extra fixed parameters of the authorization request (e.g. to get a refresh token). */
  authorizeParams?: Record<string, string>
  /**
   * Profile of the connected account, read with the new access token: the
   * endpoint and the dotted paths of the account id and display name.
   */
  profile?: OAuthEndpoint & { idField: string; usernameField: string }
}

/** The built-in providers, keyed by the name used in routes and tables. */
export const OAUTH_PROVIDERS = {
  linkedin: {
    displayName: 'LinkedIn',
    kind: 'social',
    authorize: { base: 'auth', path: '/oauth/v2/authorization' },
    token: { base: 'auth', path: '/oauth/v2/accessToken' },
    defaultScopes: ['openid', 'profile', 'email', 'w_member_social'],
    scopeSeparator: ' ',
    pkce: false,
    clientAuth: 'body',
    profile: { base: 'api', path: '/v2/userinfo', idField: 'sub', usernameField: 'name' },
  },
  meta: {
    displayName: 'Meta (Facebook and Instagram)',
    kind: 'social',
    authorize: { base: 'auth', path: '/v19.0/dialog/oauth' },
    token: { base: 'api', path: '/v19.0/oauth/access_token' },
    defaultScopes: ['public_profile', 'pages_show_list', 'pages_manage_posts'],
    scopeSeparator: ',',
    pkce: true,
    clientAuth: 'body',
    profile: { base: 'api', path: '/v19.0/me', idField: 'id', usernameField: 'name' },
  },
  x: {
    displayName: 'X',
    kind: 'social',
    authorize: { base: 'auth', path: '/i/oauth2/authorize' },
    token: { base: 'api', path: '/2/oauth2/token' },
    revoke: { base: 'api', path: '/2/oauth2/revoke' },
    defaultScopes: ['tweet.read', 'tweet.write', 'users.read', 'offline.access'],
    scopeSeparator: ' ',
    pkce: true,
    clientAuth: 'basic',
    profile: {
      base: 'api',
      path: '/2/users/me',
      idField: 'data.id',
      usernameField: 'data.username',
    },
  },
  google: {
    displayName: 'Google',
    kind: 'integration',
    authorize: { base: 'auth', path: '/o/oauth2/v2/auth' },
    token: { base: 'api', path: '/token' },
    revoke: { base: 'api', path: '/revoke' },
    defaultScopes: ['openid', 'email', 'profile'],
    scopeSeparator: ' ',
    pkce: true,
    clientAuth: 'body',
    authorizeParams: { access_type: 'offline', prompt: 'consent' },
    profile: { base: 'api', path: '/v1/userinfo', idField: 'sub', usernameField: 'email' },
  },
  hubspot: {
    displayName: 'HubSpot',
    kind: 'integration',
    authorize: { base: 'auth', path: '/oauth/authorize' },
    token: { base: 'api', path: '/oauth/v1/token' },
    defaultScopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
    scopeSeparator: ' ',
    pkce: false,
    clientAuth: 'body',
    profile: {
      base: 'api',
      path: '/account-info/v3/details',
      idField: 'portalId',
      usernameField: 'uiDomain',
    },
  },
  salesforce: {
    displayName: 'Salesforce',
    kind: 'integration',
    authorize: { base: 'auth', path: '/services/oauth2/authorize' },
    token: { base: 'auth', path: '/services/oauth2/token' },
    revoke: { base: 'auth', path: '/services/oauth2/revoke' },
    defaultScopes: ['api', 'refresh_token'],
    scopeSeparator: ' ',
    pkce: true,
    clientAuth: 'body',
    profile: {
      base: 'auth',
      path: '/services/oauth2/userinfo',
      idField: 'user_id',
      usernameField: 'preferred_username',
    },
  },
} satisfies Record<string, OAuthProviderDefinition>

/** Name of a built-in provider. */
export type OAuthProviderName = keyof typeof OAUTH_PROVIDERS

/** Names of the built-in providers, in display order. */
export const OAUTH_PROVIDER_NAMES = Object.keys(OAUTH_PROVIDERS) as OAuthProviderName[]
