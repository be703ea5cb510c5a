/*
| Production build (`npm run build`): compiles the app, its core modules and
| plugins with tsc into build/, builds the widget bundle into
| build/web-components/dist/, and writes the entry points that run without a
| TypeScript loader. In build/, `npm ci --omit=dev` installs what it needs
| (Node 24 comes from the `node` package, a regular dependency); then
| `npm start` (or `node bin/server.js` on a Node 24), `node ace worker` and
| `node ace db:prepare` run from there. `.ci/production_build` checks it from a
| clean clone. Plain `node` runs this file (Node 24 strips the types).
*/
import { execFileSync } from 'node:child_process'
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { writeEmbedBundles, DIST_DIR } from '../web-components/build.ts'

/** The repository root. */
const ROOT = fileURLToPath(new URL('../', import.meta.url))
/** Where the build goes. */
const OUT = join(ROOT, 'build')

/** Scripts of the built package.json: no TypeScript loader, no build hooks. */
const BUILD_SCRIPTS = {
  'start': 'node bin/server.js',
  'worker': 'node ace worker',
  'db:prepare': 'node ace db:prepare',
}

function step(message: string) {
  console.log(`build: ${message}`)
}

await rm(OUT, { recursive: true, force: true })

step('widget bundle')
await writeEmbedBundles()

step('tsc -p tsconfig.build.json')
const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
  cwd: ROOT,
  stdio: 'inherit',
})

step('assets')
await cp(DIST_DIR, join(OUT, 'web-components', 'dist'), { recursive: true })
await cp(join(ROOT, 'core', 'commands', 'stubs'), join(OUT, 'core', 'commands', 'stubs'), {
  recursive: true,
})
for (const file of ['package-lock.json', 'LICENSE', '.env.example']) {
  if (existsSync(join(ROOT, file))) await cp(join(ROOT, file), join(OUT, file))
}

// Same dependencies as the lock file (so `npm ci` accepts it), other scripts.
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'))
pkg.scripts = BUILD_SCRIPTS
await writeFile(join(OUT, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`)

step('entry points')
await mkdir(join(OUT, 'bin'), { recursive: true })
await writeFile(
  join(OUT, 'bin', 'server.js'),
  '/* HTTP server of the production build. */\nawait import("../core/bin/server.js")\n'
)
await writeFile(
  join(OUT, 'ace.js'),
  '/* Ace entrypoint of the production build (compiled JavaScript, no loader). */\nawait import("./core/bin/console.js")\n'
)

step(`done: ${OUT} (cd build && npm ci --omit=dev && npm start)`)
