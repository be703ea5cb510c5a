import { chmodSync, createWriteStream, rmSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { PGlite } from '@electric-sql/pglite'
import { createBackupArchive } from '#core/database/backup_archive'
import { SetupError } from '#core/exceptions/setup_error'

/** The backup socket inside the embedded database's socket folder (`DATA_DIR/run/`). */
export function backupSocketPath(socketDirectory: string) {
  return join(socketDirectory, 'backup.sock')
}

/**
 * The process that owns the embedded data folder answers `POST /backup` on a
 * Unix socket next to the database's own socket: PGlite lives in that process
 * only, so `node ace db:backup` asks it for the archive instead of opening the
 * folder. Nothing listens on TCP. Access is the operating system's: the socket
 * is mode 0600 inside the owner-only DATA_DIR, so only the user running the
 * server can connect, the same rule as for the database socket beside it
 * (which gives that user the whole database anyway).
 */
export async function serveBackups(db: PGlite, socketDirectory: string): Promise<Server> {
  const path = backupSocketPath(socketDirectory)
  rmSync(path, { force: true })
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/backup') {
      res.writeHead(404).end()
      return
    }
    createBackupArchive(db).then(
      (archive) => {
        res.writeHead(200, {
          'content-type': 'application/zip',
          'content-length': archive.byteLength,
        })
        res.end(archive)
      },
      (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message)
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(path, () => {
      server.off('error', reject)
      chmodSync(path, 0o600)
      resolve()
    })
  })
  return server
}

/** Closes the backup socket (server stop). */
export async function closeBackupSocket(server: Server, socketDirectory: string) {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  rmSync(backupSocketPath(socketDirectory), { force: true })
}

/**
 * Asks the owning process for an archive (see serveBackups) and writes it to
 * `file`. Throws a SetupError when the owner does not answer (still starting,
 * or an older version without the socket).
 */
export async function requestBackup(socketDirectory: string, file: string, ownerPid: number) {
  const response = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
    const req = request({
      socketPath: backupSocketPath(socketDirectory),
      method: 'POST',
      path: '/backup',
    })
    req.once('response', resolve)
    req.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new SetupError(
          `The embedded database is in use by process ${ownerPid}, which did not answer on ` +
            `${backupSocketPath(socketDirectory)} (${error.code ?? error.message}). ` +
            'Wait until it has started, then run the backup again.'
        )
      )
    )
    req.end()
  })
  if (response.statusCode !== 200) {
    let text = ''
    for await (const chunk of response) text += chunk
    throw new Error(`The server process ${ownerPid} could not take the backup: ${text}`)
  }
  await pipeline(response, createWriteStream(file, { mode: 0o600 }))
}
