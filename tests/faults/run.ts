/*
| The fault script (issue 20): runs every scenario in tests/faults/scenarios/
| in name order. A scenario's default export starts real server processes,
| breaks something on purpose (kill -9, hostile files), prints what it
| measured and throws a readable error when its "done when" condition fails.
| Prints a summary; exits 1 when any scenario failed. `npm run faults`.
*/
import { readdir } from 'node:fs/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { ServerProcess } from '#tests/helpers/processes'

const folder = fileURLToPath(new URL('./scenarios/', import.meta.url))
const only = process.argv.slice(2)

// Scenarios start servers in their own process groups: never leave them behind.
process.once('exit', () => ServerProcess.killAll())
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    ServerProcess.killAll()
    process.exit(130)
  })
}

const files = (await readdir(folder))
  .filter((file) => file.endsWith('.ts'))
  .filter((file) => !only.length || only.some((name) => file.includes(name)))
  .sort()
if (!files.length) {
  console.error(`no scenario in ${folder}${only.length ? ` matching ${only.join(', ')}` : ''}`)
  process.exit(1)
}

const results: { name: string; ok: boolean; seconds: number; error?: string }[] = []
for (const file of files) {
  const name = file.replace(/\.ts$/, '')
  console.log(`\n=== fault scenario: ${name} ===`)
  const started = performance.now()
  try {
    const module = (await import(pathToFileURL(join(folder, file)).href)) as {
      default: () => Promise<void>
    }
    await module.default()
    results.push({ name, ok: true, seconds: (performance.now() - started) / 1000 })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    console.error(`FAILED: ${message}`)
    results.push({ name, ok: false, seconds: (performance.now() - started) / 1000, error: message })
  }
}

console.log('\n=== fault scenarios: summary ===')
for (const result of results) {
  const line = `${result.ok ? 'ok    ' : 'FAILED'} ${result.name} (${result.seconds.toFixed(1)} s)`
  console.log(result.ok ? line : `${line}: ${result.error?.split('\n')[0]}`)
}
const failed = results.filter((result) => !result.ok).length
console.log(`${results.length - failed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
