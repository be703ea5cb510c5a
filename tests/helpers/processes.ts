import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { waitFor } from '#tests/helpers/wait_for'

/**
 * The one set of child-process helpers for tests and the fault scripts:
 * startNode/startAce/stop for short `node …` children, freePort, and
 * ServerProcess for a real server that a test may kill -9. Nothing here needs
 * a booted app (the fault scripts run without one).
 */

/** The repository root (the application root). */
const appRoot = fileURLToPath(new URL('../../', import.meta.url))

/** A running `node …` child process (startNode, startAce) and what it has printed so far. */
export interface AceProcess {
  child: ChildProcess
  output(): string
  /** Resolves once the output matches `pattern`; rejects on timeout or early exit. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>
}

/**
 * Starts `node <args>` with the repository's Node (the one running the tests:
 * Node 24 from node_modules/.bin) in the application root, with the tests'
 * environment plus `env` (a variable set to undefined is left out).
 */
export function startNode(
  args: string[],
  env: Record<string, string | undefined> = {}
): AceProcess {
  const child = spawn(process.execPath, args, {
    cwd: appRoot,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  return {
    child,
    output: () => output,
    waitForOutput: async (pattern, timeoutMs = 60_000) => {
      await waitFor(async () => {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output}`)
        return pattern.test(output)
      }, timeoutMs)
    },
  }
}

/** Starts `node ace <args>` as an operator would (see startNode). */
export function startAce(args: string[], env: Record<string, string> = {}): AceProcess {
  return startNode(['ace', ...args], env)
}

/** Stops a child process with SIGTERM (SIGKILL after 10 s) and returns its exit code. */
export async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
  const exited = once(child, 'exit') as Promise<[number | null]>
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  const [code] = await exited
  clearTimeout(timer)
  return code
}

/** A free TCP port on loopback, picked by the OS. */
export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/**
 * A real platform server (`core/bin/server.ts`) started as its own process
 * group, so a test can `kill -9` it with everything it started, as an
 * operator's crash would.
 */
export class ServerProcess {
  static #live = new Set<ServerProcess>()

  /** SIGKILLs every server still running (for a runner that is interrupted). */
  static killAll() {
    for (const server of ServerProcess.#live) {
      try {
        process.kill(-server.child.pid!, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  }

  readonly child: ChildProcess
  readonly baseUrl: string
  #output = ''

  constructor(
    readonly port: number,
    env: Record<string, string | undefined>
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`
    this.child = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'core/bin/server.ts'], {
      cwd: appRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NO_COLOR: '1',
        FORCE_COLOR: '0',
        HOST: '127.0.0.1',
        PORT: String(port),
        WORKER: 'in-process',
        DEMO_SEED: 'false',
        // Scripts drive these servers with hundreds of calls a second: API rate
        // limits off, as on the in-process test server (an env may set its own).
        RATE_LIMIT_PLANS: 'free:0',
        RATE_LIMIT_DEFAULT: '0',
        ...env,
      },
    })
    const keep = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString('utf8')).slice(-20_000)
    }
    this.child.stdout!.on('data', keep)
    this.child.stderr!.on('data', keep)
    ServerProcess.#live.add(this)
    this.child.once('exit', () => ServerProcess.#live.delete(this))
  }

  /** The last 20,000 characters the server printed. */
  output() {
    return this.#output
  }

  get exited() {
    return this.child.exitCode !== null || this.child.signalCode !== null
  }

  /** Waits until /health/ready answers 200 with the worker running. */
  async waitReady(timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`server exited before it was ready:\n${this.#output}`)
      try {
        const response = await fetch(`${this.baseUrl}/health/ready`)
        const body = (await response.json()) as { checks?: { worker?: { status?: string } } }
        if (response.status === 200 && body.checks?.worker?.status === 'running') return
      } catch {
        // not listening yet
      }
      await sleep(200)
    }
    throw new Error(`server not ready after ${timeoutMs} ms:\n${this.#output}`)
  }

  /** SIGKILL to the whole process group (no cleanup runs), and waits for the exit. */
  async kill9() {
    if (this.exited) return
    const exit = once(this.child, 'exit')
    process.kill(-this.child.pid!, 'SIGKILL')
    await exit
  }

  /** SIGTERM (graceful stop), SIGKILL to the group after `graceMs`. */
  async stop(graceMs = 15_000) {
    if (this.exited) return
    const exit = once(this.child, 'exit')
    this.child.kill('SIGTERM')
    const timer = setTimeout(() => {
      try {
        process.kill(-this.child.pid!, 'SIGKILL')
      } catch {
        // already gone
      }
    }, graceMs)
    await exit
    clearTimeout(timer)
  }
}
