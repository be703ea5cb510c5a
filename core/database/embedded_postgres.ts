import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type { Server } from 'node:http'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import type { PlatformConfig } from '#core/platform_config'
import { installProtocolAffinity } from '#core/database/pglite_protocol_affinity'
import { DataDirLock } from '#core/database/data_dir_lock'
import { DurableNodeFS, durableStartParams, fsyncTree } from '#core/database/durable_node_fs'
import { CLUSTER, recoverInterruptedRestore } from '#core/database/restore_journal'
import { closeBackupSocket, serveBackups } from '#core/database/backup_socket'

/** Port number in the socket file name (`.s.PGSQL.<port>`), as libpq expects. */
const SOCKET_PORT = 5432

/**
 * Folder holding the embedded server's Unix socket. Disk mode keeps it under the
 * data folder; memory mode (tests) uses a per-process temporary folder so that
 * several test runs and a dev server never collide.
 */
export function socketDirectory(config: PlatformConfig) {
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

/** The PGlite cluster's folder, `DATA_DIR/pglite`. */
export function clusterDirectory(config: PlatformConfig) {
  return join(config.dataDir, CLUSTER)
}

/** The lock that lets one process at a time open the embedded data folder. */
export function embeddedLock(config: PlatformConfig) {
  return new DataDirLock(join(config.dataDir, 'embedded.pid'), config.dataDir)
}

/** A PGlite instance opened by openCluster, and its durable filesystem when fsync is on. */
export interface OpenedCluster {
  db: PGlite
  fs?: DurableNodeFS
}

/**
 * Opens PGlite on a cluster folder the way the server does (pgvector, fsync
 * through DurableNodeFS when EMBEDDED_FSYNC is on), or in memory without a
 * folder. `loadDataDir` unpacks a `dumpDataDir` archive into an empty folder
 * first (db:restore). The caller holds the data folder's lock.
 */
export async function openCluster(
  config: PlatformConfig,
  pgdata: string | undefined,
  loadDataDir?: Blob
): Promise<OpenedCluster> {
  // On disk, committed data must survive an OS crash: PostgreSQL's fsync on,
  // reaching the disk through DurableNodeFS (see docs/reference/database.md).
  const durable = Boolean(pgdata) && config.database.embeddedFsync
  if (pgdata) mkdirSync(pgdata, { recursive: true, mode: 0o700 })
  const fresh = Boolean(pgdata) && !existsSync(join(pgdata!, 'PG_VERSION'))
  const fs = durable ? new DurableNodeFS(pgdata!) : undefined
  const db = await PGlite.create({
    ...(fs ? { fs, startParams: durableStartParams() } : {}),
    dataDir: fs ? undefined : pgdata,
    extensions: { vector },
    postgresqlconf: ['maintenance_work_mem = 256MB'],
    ...(loadDataDir ? { loadDataDir } : {}),
  })
  if (durable && fresh) fsyncTree(pgdata!)
  return { db, fs }
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
  #backups?: Server

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
    if (!memory) {
      // Owner-only: the folder holds the whole database.
      mkdirSync(this.config.dataDir, { recursive: true, mode: 0o700 })
      this.#lock = embeddedLock(this.config)
      this.#lock.acquire()
      const undone = recoverInterruptedRestore(this.config.dataDir)
      if (undone) console.warn(undone)
    }

    let opened: OpenedCluster
    try {
      opened = await openCluster(this.config, memory ? undefined : clusterDirectory(this.config))
    } catch (error) {
      this.#lock?.release()
      throw error
    }
    this.#db = opened.db
    this.#fs = opened.fs

    const directory = socketDirectory(this.config)
    mkdirSync(directory, { recursive: true, mode: 0o700 })
    const path = join(directory, `.s.PGSQL.${SOCKET_PORT}`)
    rmSync(path, { force: true })
    this.#server = new PGLiteSocketServer({
      db: this.#db,
      path,
      maxConnections: this.config.database.poolMax + 16,
    })
    installProtocolAffinity(this.#server)
    await this.#server.start()
    if (!memory) this.#backups = await serveBackups(this.#db, directory)
  }

  async stop() {
    if (this.#backups) await closeBackupSocket(this.#backups, socketDirectory(this.config))
    this.#backups = undefined
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
