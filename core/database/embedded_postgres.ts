import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import type { PlatformConfig } from '#core/platform_config'
import { installProtocolAffinity } from '#core/database/pglite_protocol_affinity'
import { DataDirLock } from '#core/database/data_dir_lock'
import { DurableNodeFS, durableStartParams, fsyncTree } from '#core/database/durable_node_fs'

/** Port number in the socket file name (`.s.PGSQL.<port>`), as libpq expects. */
const SOCKET_PORT = 5432

/**
 * Folder holding the embedded server's Unix socket. Disk mode keeps it under the
 * data folder; memory mode (tests) uses a per-process temporary folder so that
 * several test runs and a dev server never collide.
 */
function socketDirectory(config: PlatformConfig) {
  return config.database.embeddedStorage === 'memory'
    ? join(tmpdir(), `aip-pg-${process.pid}`)
    : join(config.dataDir, 'run')
}

/**
 * `pg` connection settings that reach the embedded server through its socket.
 */
export function embeddedConnection(config: PlatformConfig) {
  return {
    host: socketDirectory(config),
    port: SOCKET_PORT,
    user: 'postgres',
    database: 'postgres',
  }
}

/**
 * The embedded default database: PGlite (PostgreSQL compiled to WASM) with
 * pgvector, served over the PostgreSQL wire protocol on a local Unix socket so
 * that Lucid and graphile-worker use the ordinary `pg` driver against it.
 */
export class EmbeddedPostgres {
  #db?: PGlite
  #server?: PGLiteSocketServer
  #lock?: DataDirLock
  #fs?: DurableNodeFS

  constructor(private config: PlatformConfig) {}

  get running() {
    return Boolean(this.#server)
  }

  /** Host fsync calls made by the database so far (0 in memory mode or with EMBEDDED_FSYNC=off). */
  get syncCalls() {
    return this.#fs?.syncCalls ?? 0
  }

  async start() {
    if (this.#server) return
    const memory = this.config.database.embeddedStorage === 'memory'
    const pgdata = join(this.config.dataDir, 'pglite')
    if (!memory) {
      // Owner-only: the folder holds the whole database.
      mkdirSync(this.config.dataDir, { recursive: true, mode: 0o700 })
      mkdirSync(pgdata, { recursive: true, mode: 0o700 })
      this.#lock = new DataDirLock(join(this.config.dataDir, 'embedded.pid'), this.config.dataDir)
      this.#lock.acquire()
    }

    // On disk, committed data must survive an OS crash: PostgreSQL's fsync on,
    // reaching the disk through DurableNodeFS (see docs/reference/database.md).
    const durable = !memory && this.config.database.embeddedFsync
    const fresh = !memory && !existsSync(join(pgdata, 'PG_VERSION'))
    this.#fs = durable ? new DurableNodeFS(pgdata) : undefined
    try {
      this.#db = await PGlite.create({
        ...(this.#fs ? { fs: this.#fs, startParams: durableStartParams() } : {}),
        dataDir: memory || this.#fs ? undefined : pgdata,
        extensions: { vector },
        postgresqlconf: ['maintenance_work_mem = 256MB'],
      })
    } catch (error) {
      this.#lock?.release()
      throw error
    }
    if (durable && fresh) fsyncTree(pgdata)

    const directory = socketDirectory(this.config)
    mkdirSync(directory, { recursive: true })
    const path = join(directory, `.s.PGSQL.${SOCKET_PORT}`)
    rmSync(path, { force: true })
    this.#server = new PGLiteSocketServer({
      db: this.#db,
      path,
      maxConnections: this.config.database.poolMax + 16,
    })
    installProtocolAffinity(this.#server)
    await this.#server.start()
  }

  async stop() {
    await this.#server?.stop()
    this.#server = undefined
    await this.#db?.close()
    this.#db = undefined
    if (this.config.database.embeddedStorage === 'memory') {
      rmSync(socketDirectory(this.config), { recursive: true, force: true })
    }
    this.#lock?.release()
    this.#lock = undefined
  }
}
