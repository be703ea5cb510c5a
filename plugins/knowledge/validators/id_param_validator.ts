import { Problem } from '#core/http/problem'
import { uuidParam } from '#validators/common_validator'

/**
 * The route's `:id` once it is a UUID; anything else is a 404 naming `what`,
 * the same answer as for an unknown record (so a malformed id never reaches SQL).
 */
export async function recordId(params: Record<string, unknown>, what: string) {
  const [error, value] = await uuidParam.tryValidate({ id: params.id })
  if (error) throw Problem.notFound(what)
  return value.id
}
