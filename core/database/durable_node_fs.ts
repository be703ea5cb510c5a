import { closeSync, fsyncSync, openSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { NodeFS } from '@electric-sql/pglite/nodefs'

/** The parts of Emscripten's NODEFS this module touches. */
interface EmscriptenNodeFs {
  stream_ops: { fsync?: (stream: { nfd?: number }) => number }
  tryFSOperation<T>(operation: () => T): T
}

type InitResult = Awaited<ReturnType<NodeFS['init']>>
type EmscriptenModule = InitResult['emscriptenOpts']

/**
 * PGlite's on-disk filesystem with real fsync. In PGlite 0.5.14 the Emscripten
 * NODEFS layer has no `fsync` stream operation (WASI `fd_sync` then returns
 * success without touching the disk) and `fdatasync` is a stub, so PostgreSQL's
 * own fsync calls never reach the host. This adds the operation, calling the
 * host's fsync(2) on the file's real descriptor. Pair it with
 * {@link durableStartParams}, which turns PostgreSQL's fsync back on.
 */
export class DurableNodeFS extends NodeFS {
  /** Host fsync calls made so far (read by the durability test and the benchmark). */
  syncCalls = 0

  async init(...args: Parameters<NodeFS['init']>): Promise<InitResult> {
    const result = await super.init(...args)
    const options = result.emscriptenOpts
    options.preRun = [...(options.preRun ?? []), (module) => this.#installFsync(module)]
    return result
  }

  #installFsync(module: EmscriptenModule) {
    const fs = (module as unknown as { FS: { filesystems: { NODEFS: EmscriptenNodeFs } } }).FS
    const nodefs = fs.filesystems.NODEFS
    if (nodefs.stream_ops.fsync) return // a later PGlite ships its own: keep it
    nodefs.stream_ops.fsync = (stream) =>
      nodefs.tryFSOperation(() => {
        if (stream.nfd !== undefined) {
          fsyncSync(stream.nfd)
          this.syncCalls++
        }
        return 0
      })
  }
}

/**
 * PostgreSQL start parameters for a durable embedded database: PGlite's
 * defaults without `-F` (which turns fsync off), and `wal_sync_method=fsync`
 * because the WASM build's `fdatasync` (PostgreSQL's default method) is a no-op.
 */
export function durableStartParams() {
  return [
    ...PGlite.defaultStartParams.filter((parameter) => parameter !== '-F'),
    '-c',
    'wal_sync_method=fsync',
  ]
}

/**
 * fsyncs every file and folder under `root`. A new PGlite data folder is
 * unpacked from an initdb archive with plain writes, which PostgreSQL never
 * syncs afterwards (the cluster starts "cleanly shut down"): this makes the
 * fresh cluster itself durable once.
 */
export function fsyncTree(root: string) {
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name)
    if (entry.isDirectory()) fsyncTree(path)
    else if (entry.isFile()) fsyncPath(path)
  }
  fsyncPath(root)
}

/** fsync of one file or folder (a new entry or a rename is durable once its folder is synced). */
export function fsyncPath(path: string) {
  const descriptor = openSync(path, 'r')
  try {
    fsyncSync(descriptor)
  } finally {
    closeSync(descriptor)
  }
}
