import { column, defineResource } from '#sdk'

/** The roles of a workspace member. */
export const MEMBER_ROLES = ['owner', 'admin', 'member', 'viewer'] as const

/**
 * A workspace member as the API returns it: a `workspace_members` row with
 * the user's e-mail and name. Query it with the alias `m` joined to `users`
 * as `u` (see `memberQuery` in the members controller). The select list and
 * the `Member` OpenAPI schema derive from it.
 */
export const memberResource = defineResource({
  name: 'Member',
  table: 'workspace_members',
  columns: {
    workspace_id: column.uuid().required(),
    user_id: column.uuid().required(),
    role: column.enum(MEMBER_ROLES).required().openapi({ type: 'string' }),
    email: column.text().required().computed('u."email"'),
    full_name: column.text().nullable().computed('u."full_name"'),
    created_at: column.timestamp().required(),
  },
})
