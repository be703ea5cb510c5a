const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d

/** Why a body was refused by the inspector. */
export type BodyTextViolation = 'invalid-utf8' | 'too-deep'

/**
 * Checks a text request body chunk by chunk, as it arrives and before it is
 * parsed: the bytes must be valid UTF-8 and, for JSON, objects and arrays must
 * not nest deeper than `maxDepth`. Streaming keeps the cost to one pass and
 * refuses a hostile body before any parser (or its recursion) sees it.
 */
export class BodyTextInspector {
  readonly #decoder = new TextDecoder('utf-8', { fatal: true })
  readonly #maxDepth: number
  #depth = 0
  #inString = false
  #escaped = false

  /** `maxDepth` applies to JSON bodies; pass `Infinity` for other text. */
  constructor(maxDepth: number) {
    this.#maxDepth = maxDepth
  }

  /** Inspects the next chunk; returns the violation it found, if any. */
  write(chunk: Buffer): BodyTextViolation | undefined {
    if (!this.#decodes(chunk, true)) return 'invalid-utf8'
    if (this.#maxDepth !== Infinity && !this.#scanDepth(chunk)) return 'too-deep'
    return undefined
  }

  /** Ends the body: a multi-byte sequence cut at the end is invalid UTF-8. */
  end(): BodyTextViolation | undefined {
    return this.#decodes(new Uint8Array(0), false) ? undefined : 'invalid-utf8'
  }

  #decodes(bytes: Uint8Array, stream: boolean) {
    try {
      this.#decoder.decode(bytes, { stream })
      return true
    } catch {
      return false
    }
  }

  /** Tracks nesting outside strings (brackets inside strings do not count). */
  #scanDepth(chunk: Buffer) {
    for (const byte of chunk) {
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false
        else if (byte === BACKSLASH) this.#escaped = true
        else if (byte === QUOTE) this.#inString = false
      } else if (byte === QUOTE) {
        this.#inString = true
      } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        this.#depth += 1
        if (this.#depth > this.#maxDepth) return false
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        this.#depth -= 1
      }
    }
    return true
  }
}
