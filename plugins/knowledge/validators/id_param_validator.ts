import { validId } from '#modules/identity/controllers/workspaces_controller'

/**
 * The route's `:id` once it is a UUID; anything else is a 404 naming `what`,
 * the same answer as for an unknown record (so a malformed id never reaches SQL).
 * A shorthand for core's `validId` that returns the id itself.
 */
export async function recordId(params: Record<string, unknown>, what: string) {
  const { id } = await validId(params, what)
  return id
}
