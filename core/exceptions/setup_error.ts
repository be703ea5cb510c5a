/**
 * An error in how the platform is set up (plugins, database features), not in
 * its code: the operator fixes it by changing configuration. Entry points print
 * its message alone, never a stack trace (see core/bin/boot_error.ts).
 */
export class SetupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SetupError'
  }
}

/** The SetupError that `error` is or wraps as `cause` (up to five levels deep), if any. */
export function findSetupError(error: unknown): SetupError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof SetupError) return current
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}
