import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import { SetupError } from '#core/exceptions/setup_error'

/** What the lock file records about the process that holds the data folder. */
interface LockOwner {
  pid: number
  /**
   * Linux: boot id and the process's start time in clock ticks since boot
   * (`/proc/<pid>/stat`, field 22). A PID can be reused, this pair cannot.
   */
  started?: string
}

/** The fields of `/proc/<pid>/stat` the lock needs. */
interface ProcStat {
  state: string
  startTicks: string
}

/**
 * The embedded data folder's lock: PGlite is single-process, so one process
 * only may open the folder. The lock file names the owner by PID and, on
 * Linux, by the process's start time, so that a stale file (left by a
 * `kill -9`) never blocks a start, even when its PID now belongs to another
 * live process or to a not-yet-reaped zombie.
 */
export class DataDirLock {
  #held = false

  constructor(
    private file: string,
    private dataDir: string
  ) {}

  /** Takes the lock, or throws a SetupError saying which live process holds it. */
  acquire() {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (this.#create()) return
      const owner = this.#readOwner()
      if (owner && owner.pid !== process.pid && holdsLock(owner, this.file)) {
        throw new SetupError(
          `The embedded database in ${this.dataDir} is in use by process ${owner.pid}. ` +
            'Stop that process, point DATA_DIR elsewhere, or set DATABASE_URL.'
        )
      }
      rmSync(this.file, { force: true }) // stale: its owner is gone
    }
    throw new SetupError(
      `The embedded database in ${this.dataDir} is being opened by another process. ` +
        'Stop that process, point DATA_DIR elsewhere, or set DATABASE_URL.'
    )
  }

  /**
   * PID of the live process (not this one) that holds the folder, if any: lets
   * `db:backup` decide between asking that process and opening the folder itself.
   */
  liveOwner(): number | undefined {
    const owner = this.#readOwner()
    if (!owner || owner.pid === process.pid) return undefined
    return holdsLock(owner, this.file) ? owner.pid : undefined
  }

  /** Releases the lock if this process holds it. */
  release() {
    if (!this.#held) return
    const owner = this.#readOwner()
    if (owner?.pid === process.pid) rmSync(this.file, { force: true })
    this.#held = false
  }

  /** Creates the lock file exclusively; false when it already exists. */
  #create() {
    let descriptor: number
    try {
      descriptor = openSync(this.file, 'wx', 0o600)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw error
    }
    try {
      const owner: LockOwner = { pid: process.pid, started: startIdentity(process.pid) }
      writeSync(descriptor, JSON.stringify(owner))
    } finally {
      closeSync(descriptor)
    }
    this.#held = true
    return true
  }

  #readOwner(): LockOwner | undefined {
    let text: string
    try {
      text = readFileSync(this.file, 'utf8').trim()
    } catch {
      return undefined
    }
    // Older versions wrote the bare PID.
    if (/^\d+$/.test(text)) return { pid: Number(text) }
    try {
      const parsed = JSON.parse(text) as LockOwner
      return Number.isInteger(parsed.pid) && parsed.pid > 0 ? parsed : undefined
    } catch {
      return undefined
    }
  }
}

/**
 * Whether the process named by a lock file still holds it: it is alive, not a
 * zombie, and (where the system says when processes started) it is the same
 * process that wrote the file, not a later one that was given the same PID.
 */
function holdsLock(owner: LockOwner, file: string) {
  if (!isAlive(owner.pid)) return false
  const stat = procStat(owner.pid)
  if (!stat) return true // no /proc: the PID is all there is to go on
  if (stat.state === 'Z' || stat.state === 'X') return false
  if (owner.started) return owner.started === startIdentity(owner.pid)
  // A lock without a start time (older version): the owner cannot have
  // started after the file was written.
  const startedAt = processStartMs(stat)
  return startedAt === undefined || startedAt <= statSync(file).mtimeMs + 1_000
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: alive, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Linux: `/proc/<pid>/stat` state and start time; undefined elsewhere. */
function procStat(pid: number): ProcStat | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // The command name (field 2) is in parentheses and may contain spaces.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return { state: fields[0], startTicks: fields[19] }
}

/** Boot id plus start ticks: identifies one process across PID reuse and reboots. */
function startIdentity(pid: number) {
  const stat = procStat(pid)
  if (!stat) return undefined
  let bootId = ''
  try {
    bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
  } catch {}
  return `${bootId}/${stat.startTicks}`
}

/** Start time of a process in ms since the epoch (Linux, USER_HZ 100). */
function processStartMs(stat: ProcStat) {
  try {
    const boot = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))
    if (!boot) return undefined
    return Number(boot[1]) * 1_000 + Number(stat.startTicks) * 10
  } catch {
    return undefined
  }
}
