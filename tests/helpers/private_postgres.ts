import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The binaries of the newest PostgreSQL installed from Debian packages, if any. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a))
  for (const version of versions) {
    const bin = join(root, version, 'bin')
    if (existsSync(join(bin, 'pg_ctl'))) return bin
  }
  return null
}

/**
 * A private PostgreSQL server (its own data folder and port), so the scenario
 * can stop and start it without touching any other database on the machine.
 * Commands run as `postgres` when the runner is root (initdb refuses root).
 */
export class PrivateServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'aip-fault-pg-'))
  readonly data = join(this.dir, 'data')
  constructor(
    readonly bin: string,
    readonly port: number
  ) {
    chmodSync(this.dir, 0o755)
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
      chownSync(this.dir, uid, gid)
    }
    this.#run('initdb', ['-D', this.data, '-A', 'trust', '-U', 'postgres', '--no-sync'])
  }

  #run(tool: string, args: string[]) {
    const command = join(this.bin, tool)
    const result =
      process.getuid?.() === 0
        ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
        : spawnSync(command, args, { encoding: 'utf8' })
    if (result.status !== 0) {
      throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr || result.stdout}`)
    }
  }

  /** Connection string of the server's `postgres` database. */
  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`
  }

  /** Starts the server and waits until it accepts connections. */
  start() {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`
    this.#run('pg_ctl', [
      '-D',
      this.data,
      '-o',
      options,
      '-l',
      join(this.dir, 'log'),
      '-w',
      'start',
    ])
  }

  /** Stops the server (fast shutdown: open sessions are cut). */
  stop() {
    this.#run('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop'])
  }

  /** Stops the server and removes its folder. */
  destroy() {
    try {
      this.stop()
    } catch {
      // not running
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}
