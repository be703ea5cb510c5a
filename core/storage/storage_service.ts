import { pipeline, type Readable } from 'node:stream'
import drive from '@adonisjs/drive/services/main'
import { DriveFile } from 'flydrive'
import type { Disk } from 'flydrive'
import { isUuid } from '#core/http/id_param'
import { releasingStream } from '#core/runtime/stream_buffers'

/** Keys are relative paths of safe segments: no `..`, no leading slash, no backslash. */
const KEY = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._\-=/]{1,512}$/

/** Raised for a key that could escape its workspace folder: a programming error. */
export class InvalidStorageKeyError extends Error {
  constructor(key: string) {
    super(`Invalid storage key "${key}"`)
    this.name = 'InvalidStorageKeyError'
  }
}

/** Whether `key` is a valid workspace-relative storage key. */
export function isValidStorageKey(key: string) {
  return KEY.test(key) && !key.startsWith('/') && !key.endsWith('/')
}

function checkKey(key: string) {
  if (!isValidStorageKey(key)) throw new InvalidStorageKeyError(key)
  return key
}

/**
 * The files of one workspace in the configured disk (local `fs` or S3): every
 * key is stored under `workspaces/<workspace_id>/`, so features never build
 * paths that reach into another tenant's files. Keys stored in database rows
 * are these workspace-relative keys.
 */
export class WorkspaceStorage {
  readonly prefix: string

  constructor(
    readonly workspaceId: string,
    private disk: Disk = drive.use()
  ) {
    if (!isUuid(workspaceId)) throw new InvalidStorageKeyError(workspaceId)
    this.prefix = `workspaces/${workspaceId.toLowerCase()}/`
  }

  /** Full disk key of a workspace-relative key. */
  path(key: string) {
    return this.prefix + checkKey(key)
  }

  async put(key: string, contents: string | Uint8Array, contentType?: string) {
    await this.disk.put(this.path(key), contents, contentType ? { contentType } : undefined)
  }

  /**
   * Writes a file from a stream (uploads, renditions) without holding it in
   * memory: the disk driver pipes it to the file, S3 sends it in one request.
   * The chunks go through `releasingStream` so they are freed as they pass.
   * Give `contentLength` when it is known (an upload's size): S3 needs it
   * for a stream, which no longer carries the source file's path.
   */
  async putStream(key: string, contents: Readable, contentType?: string, contentLength?: number) {
    // An error on either side destroys both, so the disk sees it.
    const released = pipeline(contents, releasingStream(), () => {})
    await this.disk.putStream(this.path(key), released, {
      ...(contentType ? { contentType } : {}),
      ...(contentLength !== undefined ? { contentLength } : {}),
    })
  }

  async exists(key: string) {
    return this.disk.exists(this.path(key))
  }

  async getBytes(key: string) {
    return this.disk.getBytes(this.path(key))
  }

  async getStream(key: string) {
    return this.disk.getStream(this.path(key))
  }

  async size(key: string) {
    const metadata = await this.disk.getMetaData(this.path(key))
    return metadata.contentLength
  }

  /** Deletes one file; a missing file is not an error (erasure is idempotent). */
  async delete(key: string) {
    await this.disk.delete(this.path(key))
  }

  /** Workspace-relative keys of every file under `prefix` (recursive). */
  async list(prefix: string): Promise<string[]> {
    const keys: string[] = []
    let paginationToken: string | undefined
    do {
      const page = await this.disk.listAll(this.path(prefix.replace(/\/$/, '')) + '/', {
        recursive: true,
        paginationToken,
      })
      for (const object of page.objects) {
        if (object instanceof DriveFile) keys.push(object.key.slice(this.prefix.length))
      }
      paginationToken = page.paginationToken
    } while (paginationToken)
    return keys
  }
}

/** The storage of one workspace (see WorkspaceStorage). */
export function workspaceStorage(workspaceId: string) {
  return new WorkspaceStorage(workspaceId)
}
