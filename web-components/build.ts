/*
| Builds the embed bundles: every element and the shared base as ONE minified
| ES module (`aip.js`), plus one module per element. The platform builds them
| in memory on first request (core/embed/embed_assets.ts); `npm run
| build:embed` writes them to web-components/dist/ for deployments without dev
| dependencies, together with the custom-elements manifest.
*/
import { mkdir, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

/** Folder of the web components package. */
export const WEB_COMPONENTS_DIR = dirname(fileURLToPath(import.meta.url))
/** Where `npm run build:embed` writes the bundle. */
export const DIST_DIR = join(WEB_COMPONENTS_DIR, 'dist')

/**
 * Files served under /embed/v1/ and their entry points: `aip.js` holds every
 * element; each element also has its own self-contained module.
 */
export const EMBED_ENTRIES: Record<string, string> = {
  'aip.js': 'src/index.ts',
  'aip-lead-form.js': 'src/elements/aip-lead-form.ts',
}

/** Bundles one entry (default: every element) with esbuild (a dev dependency) into one ES module. */
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

/** Writes every bundle to dist/. */
export async function writeEmbedBundles() {
  await mkdir(DIST_DIR, { recursive: true })
  const written: { file: string; bytes: number }[] = []
  for (const name of Object.keys(EMBED_ENTRIES)) {
    const code = await buildEmbedBundle(name)
    await writeFile(join(DIST_DIR, name), code)
    written.push({ file: join(DIST_DIR, name), bytes: Buffer.byteLength(code) })
  }
  return written
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const { file, bytes } of await writeEmbedBundles())
    console.log(`wrote ${file} (${bytes} bytes)`)
}
