import { column, defineResource } from '#sdk'

/** The roles an invitation may grant (never `owner`). */
export const INVITATION_ROLES = ['admin', 'member', 'viewer'] as const

/**
 * A workspace invitation as the API returns it (table `workspace_invitations`):
 * the one place that lists its columns. The select/returning lists,
 * `InvitationRow` and the `Invitation` OpenAPI schema derive from it. The token
 * hash is deliberately not a column of the resource.
 */
export const invitationResource = defineResource({
  name: 'Invitation',
  table: 'workspace_invitations',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    email: column.text().required(),
    role: column.enum(INVITATION_ROLES).required().openapi({ type: 'string' }),
    invited_by: column.uuid().nullable(),
    expires_at: column.timestamp().required(),
    accepted_at: column.timestamp().nullable(),
    revoked_at: column.timestamp().nullable(),
    created_at: column.timestamp().required(),
  },
})

/** An invitation row as selected (snake_case, like the API). */
export type InvitationRow = typeof invitationResource.$row
