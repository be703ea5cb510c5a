import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import app from '@adonisjs/core/services/app'
import { waitFor } from '#tests/helpers/wait_for'

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
    cwd: app.makePath(),
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
