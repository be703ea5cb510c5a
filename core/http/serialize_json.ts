import { safeStringify } from '@poppinss/utils/json'

/**
 * Serialises response bodies (the HTTP config's `serializeJSON`). The
 * framework's default, `safeStringify`, is a JavaScript re-implementation of
 * JSON.stringify with a replacer function called for every value (for
 * BigInts and circular references): on a list page it was the largest single
 * cost of writing the response. The native JSON.stringify gives the same text
 * for everything else and throws on exactly those two cases (a TypeError), which
 * then go through `safeStringify` as before (BigInts as strings, circular
 * references left out).
 */
export function serializeJson(payload: unknown): string | undefined {
  try {
    return JSON.stringify(payload)
  } catch {
    return safeStringify(payload)
  }
}
