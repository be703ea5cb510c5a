/*
| Builds the embed bundle: every element and the shared base as ONE minified
| ES module (`aip.js`). The platform builds it in memory on first request
| (core/embed/embed_assets.ts); `npm run build:embed` writes it to
| web-components/dist/ for deployments without dev dependencies, together with
| the custom-elements manifest.
*/
import { mkdir, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

/** Folder of the web components package. */
export const WEB_COMPONENTS_DIR = dirname(fileURLToPath(import.meta.url))
/** Where `npm run build:embed` writes the bundle. */
export const DIST_DIR = join(WEB_COMPONENTS_DIR, 'dist')

/** Bundles `src/index.ts` with esbuild (a dev dependency) into one ES module. */
export async function buildEmbedBundle(): Promise<string> {
  const esbuild = await import('esbuild')
  const result = await esbuild.build({
    entryPoints: [join(WEB_COMPONENTS_DIR, 'src/index.ts')],
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

/** Writes dist/aip.js. */
export async function writeEmbedBundle() {
  await mkdir(DIST_DIR, { recursive: true })
  const code = await buildEmbedBundle()
  await writeFile(join(DIST_DIR, 'aip.js'), code)
  return { file: join(DIST_DIR, 'aip.js'), bytes: Buffer.byteLength(code) }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { file, bytes } = await writeEmbedBundle()
  console.log(`wrote ${file} (${bytes} bytes)`)
}
