/*
| Kept free of imports: plugin.ts reads it while the platform discovers domains.
*/

/** Webhook event types of workspaces and their members (the catalogue entries). */
export const IDENTITY_WEBHOOK_EVENTS = {
  'workspace.member_added': 'Someone joined the workspace (invitation accepted, or its creator).',
  'workspace.member_removed': 'A member left or was removed from the workspace.',
}
