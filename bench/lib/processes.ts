import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

/** Ports used by other tools on the project's machines: never pick them. */
const RESERVED_PORTS = new Set([3333, 3339, 3340, 3341, 3342, 3343, 3344, 3345])

/** Children started by this process, so that a failure or a signal can stop them (by handle). */
const started = new Set<BenchChild>()

/**
 * A child process started by the bench: keeps the tail of its output for error
 * messages and stops only itself (by its own handle / PID).
 */
export class BenchChild {
  #output: string[] = []
  #exited: Promise<number | null>
  exitCode: number | null | undefined

  constructor(
    readonly name: string,
    readonly process: ChildProcess
  ) {
    const keep = (chunk: Buffer) => {
      this.#output.push(chunk.toString('utf8'))
      if (this.#output.length > 60) this.#output.shift()
    }
    process.stdout?.on('data', keep)
    process.stderr?.on('data', keep)
    this.#exited = new Promise((resolve) => {
      process.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? null : 0)
        started.delete(this)
        resolve(code)
      })
    })
    started.add(this)
  }

  /** The last lines the child printed (stdout and stderr). */
  outputTail() {
    return this.#output.join('').split('\n').slice(-40).join('\n')
  }

  /** Resolves when the child exits. */
  exited() {
    return this.#exited
  }

  /** True while the child has not exited. */
  get running() {
    return this.exitCode === undefined
  }

  /** SIGTERM, then SIGKILL if the child is still alive after `graceMs`. */
  async stop(graceMs = 10_000) {
    if (!this.running) return
    this.process.kill('SIGTERM')
    const timer = sleep(graceMs).then(() => 'timeout' as const)
    if ((await Promise.race([this.#exited, timer])) === 'timeout' && this.running) {
      this.process.kill('SIGKILL')
      await this.#exited
    }
  }
}

/**
 * Starts a TypeScript entrypoint with the running Node (Node 24 under `npm run`)
 * and the ts-exec loader, with the given extra environment.
 */
export function startTsChild(name: string, entry: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import=@poppinss/ts-exec', entry], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new BenchChild(name, child)
}

/** Stops every child this process started and that is still running. */
export async function stopAllChildren() {
  await Promise.all([...started].map((child) => child.stop(5_000)))
}

/** A free TCP port on 127.0.0.1 (asks the kernel; skips the ports other tools use). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer()
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        const address = server.address()
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
      })
    })
    if (port && !RESERVED_PORTS.has(port)) return port
  }
  throw new Error('Could not find a free loopback port')
}

/**
 * Polls `url` until it answers 200, the child exits, or `timeoutMs` passes.
 */
export async function waitForHttp(url: string, child: BenchChild, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!child.running) {
      throw new Error(
        `${child.name} exited (code ${child.exitCode}) before it was ready:\n${child.outputTail()}`
      )
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) })
      await response.arrayBuffer()
      if (response.status === 200) return
    } catch {
      // not listening yet
    }
    await sleep(200)
  }
  throw new Error(`${child.name} was not ready within ${timeoutMs} ms:\n${child.outputTail()}`)
}

/**
 * CPU time (user + system, milliseconds) a process has used so far, from
 * /proc/<pid>/stat (Linux). Undefined where /proc is not available.
 */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // fields after the command name, which is in parentheses and may contain spaces
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return (ticks * 1000) / 100 // USER_HZ is 100 on Linux
  } catch {
    return undefined
  }
}
