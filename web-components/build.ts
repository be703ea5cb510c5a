/*
| Builds what the platform serves under /embed/v1/ into web-components/dist/:
| every element and the shared base as ONE minified ES module (`aip.js`), one
| module per element, and the demo host page with its stylesheet. The server
| only reads dist/ (core/http/embed_assets.ts); it never imports this file or
| esbuild, so a production install without dev dependencies serves a dist/
| built beforehand (in CI or a container build stage).
|
|   node web-components/build.ts            build, fail without esbuild
|   node web-components/build.ts --if-able  build; without esbuild (a production
|                                           install) keep the dist/ that is there
|
| `npm run build:embed` runs the first form (plus the custom-elements manifest);
| `npm start`, `npm run dev` and `npm test` run the second one first. Plain
| `node` runs it (Node 24 strips the types): it needs esbuild and nothing else.
*/
import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

/** Folder of the web components package. */
export const WEB_COMPONENTS_DIR = dirname(fileURLToPath(import.meta.url))
/** Where the build writes what the platform serves. */
export const DIST_DIR = join(WEB_COMPONENTS_DIR, 'dist')

/**
 * Bundles served under /embed/v1/ and their entry points: `aip.js` holds every
 * element; each element also has its own self-contained module.
 */
export const EMBED_ENTRIES: Record<string, string> = {
  'aip.js': 'src/index.ts',
  'aip-lead-form.js': 'src/elements/aip-lead-form.ts',
  'aip-content-calendar.js': 'src/elements/aip-content-calendar/define.ts',
}

/** Static files of the demo host page, copied as they are. */
export const DEMO_FILES = ['demo.html', 'demo.css']

/** Bundles one entry (default: every element) with esbuild into one ES module. */
export async function buildEmbedBundle(file = 'aip.js'): Promise<string> {
  const entry = EMBED_ENTRIES[file]
  if (!entry) throw new Error(`Unknown embed bundle ${file}`)
  const esbuild = await import('esbuild')
  const result = await esbuild.build({
    entryPoints: [join(WEB_COMPONENTS_DIR, entry)],
    tsconfig: join(WEB_COMPONENTS_DIR, 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    // Lit's production build (no dev-mode warnings).
    conditions: ['production'],
  })
  return result.outputFiles[0].text
}

/** Writes every bundle and the demo files to dist/. */
export async function writeEmbedBundles() {
  await mkdir(DIST_DIR, { recursive: true })
  const written: { file: string; bytes: number }[] = []
  for (const name of Object.keys(EMBED_ENTRIES)) {
    const code = await buildEmbedBundle(name)
    await writeFile(join(DIST_DIR, name), code)
    written.push({ file: join(DIST_DIR, name), bytes: Buffer.byteLength(code) })
  }
  for (const name of DEMO_FILES) {
    await copyFile(join(WEB_COMPONENTS_DIR, 'demo', name), join(DIST_DIR, name))
  }
  return written
}

/** Whether esbuild (a dev dependency) can be loaded here. */
async function esbuildInstalled() {
  try {
    await import('esbuild')
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return false
    throw error
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifAble = process.argv.includes('--if-able')
  if (ifAble && !(await esbuildInstalled())) {
    const complete = [...Object.keys(EMBED_ENTRIES), ...DEMO_FILES].every((name) =>
      existsSync(join(DIST_DIR, name))
    )
    console.warn(
      complete
        ? `esbuild is not installed (production install): serving the prebuilt ${DIST_DIR}`
        : `esbuild is not installed and ${DIST_DIR} is incomplete: the embed assets will answer 503. ` +
            'Run `npm run build:embed` where dev dependencies are installed and ship web-components/dist/.'
    )
  } else {
    for (const { file, bytes } of await writeEmbedBundles())
      console.log(`wrote ${file} (${bytes} bytes)`)
  }
}
