import { Transform } from 'node:stream'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/*
| Why this file exists (measured in bench scenario (m), docs/reference/benchmarks.md):
|
| Every chunk of a large stream (an HTTP request body, a file read for storage)
| is a fresh 64 KB Buffer whose bytes live outside the V8 heap, tied to a tiny
| heap object. The chunks die at once, but V8 frees their bytes only when it
| collects that heap object, and the young generation, which would collect it
| in a millisecond, fills with heap objects only: 100 MB of chunks allocate
| about 2 MB of them. So no young collection runs while the file streams; the
| dead chunks pile up until V8's external-memory step (64 MB) forces a full
| collection, and glibc keeps the pages afterwards. The first large stream after
| the start lifted the server's resident memory by 56 to 72 MB, however big the
| file (a bare node:http server piping a body to a file does the same).
|
| Streams of many bytes therefore report them here: every STEP bytes, summed
| over all the process's streams, a young-generation collection runs (a
| scavenge of the young heap only: median 1 ms, 66 ms in all for the 25 of a
| 100 MB upload and its copy to storage), which frees the dead chunks, so a
| stream holds at most about STEP of them whatever its size.
*/

/** Streamed bytes between two young-generation collections. */
const STEP = 8 * 1024 * 1024

type Collect = (options: { type: 'minor'; execution: 'sync' }) => void

/**
 * The only way to ask V8 for a young-generation collection from JavaScript is
 * its `gc` extension: the process's own when it runs with --expose-gc,
 * otherwise enabled for the one context created here and disabled again, so
 * no other context (templates, sandboxes) gets the function.
 */
function gcFunction(): Collect {
  const own = (globalThis as { gc?: unknown }).gc
  if (typeof own === 'function') return own as Collect
  setFlagsFromString('--expose-gc')
  try {
    return runInNewContext('gc') as Collect
  } finally {
    setFlagsFromString('--no-expose-gc')
  }
}

const collect = gcFunction()

let sinceCollect = 0

/**
 * Counts bytes that went through a stream of short-lived Buffers, and runs a
 * young-generation collection every 8 MB of them (see the note above), so
 * memory stays flat whatever the stream's size.
 */
export function releaseStreamedBytes(bytes: number) {
  sinceCollect += bytes
  if (sinceCollect < STEP) return
  sinceCollect = 0
  collect({ type: 'minor', execution: 'sync' })
}

/** A pass-through stage that reports its chunks to `releaseStreamedBytes`. */
export function releasingStream() {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      releaseStreamedBytes(chunk.length)
      callback(null, chunk)
    },
  })
}
