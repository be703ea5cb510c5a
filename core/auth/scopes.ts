/**
 * Scopes an API key can carry. `<area>:write` implies `<area>:read`; `*` grants
 * everything an API key may do. The pseudo scope `user` marks routes that need a
 * user token and is never grantable.
 */
export const API_KEY_SCOPES = [
  '*',
  'workspaces:read',
  'workspaces:write',
  'members:read',
  'members:write',
  'preferences:read',
  'preferences:write',
  'audit:read',
  'privacy:read',
  'privacy:write',
  'ai:read',
  'ai:write',
  'secrets:read',
  'secrets:write',
  'integrations:read',
  'integrations:write',
  'webhooks:read',
  'webhooks:write',
  'support:read',
  'support:write',
  'events:read',
  'events:write',
  'chat:read',
  'chat:write',
  'mail:read',
  'mail:write',
] as const

/** Whether a key with `granted` scopes may use a route that requires `required`. */
export function scopeAllows(granted: string[], required: string) {
  if (required === 'user') return false
  if (required === 'any') return true
  if (granted.includes('*') || granted.includes(required)) return true
  if (required.endsWith(':read')) {
    return granted.includes(required.replace(/:read$/, ':write'))
  }
  return false
}
