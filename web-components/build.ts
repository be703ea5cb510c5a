/*
| Builds what the platform serves under /embed/v1/ into web-components/dist/:
| the all-in-one ES module (`aip.js`, every element), one self-contained module
| per element (`elements/aip-<name>.js`), and the demo host page with its
| stylesheet. It measures every bundle gzipped, fails when one is over its
| budget (ELEMENTS below), and writes the sizes to dist/bundle-sizes.json. The
| server only reads dist/ (core/http/embed_assets.ts); it never imports this
| file or esbuild, so a production install without dev dependencies serves a
| dist/ built beforehand (in CI or a container build stage).
|
|   node web-components/build.ts            build, check budgets, and write the
|                                           sizes table into docs/reference/components.md
|   node web-components/build.ts --if-able  build and check; without esbuild (a
|                                           production install) keep the dist/ that is there
|   node web-components/build.ts --package  also build the npm package files
|                                           (dist/package/: Lit external, and types)
|
| `npm run build:embed` runs the first form (plus the custom-elements manifest);
| `npm start`, `npm run dev` and `npm test` run the second one first. Plain
| `node` runs it (Node 24 strips the types): it needs esbuild and nothing else.
*/
import { execFileSync } from 'node:child_process'
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

/**
 * Every element, with its gzip budget in KB (Lit included): adding an element
 * is one line here. Its entry is `src/elements/<name>/define.ts`, its bundle
 * `dist/elements/<name>.js`, its package entry `@…/elements/<name>`.
 */
export const ELEMENTS: { name: `aip-${string}`; budgetKb: number }[] = [
  { name: 'aip-lead-form', budgetKb: 20 },
  { name: 'aip-metric-chart', budgetKb: 40 },
  { name: 'aip-campaign-dashboard', budgetKb: 45 },
  { name: 'aip-assistant', budgetKb: 20 },
  { name: 'aip-chat', budgetKb: 20 },
  { name: 'aip-content-calendar', budgetKb: 25 },
  { name: 'aip-autopilot-inbox', budgetKb: 25 },
  { name: 'aip-support-form', budgetKb: 20 },
  { name: 'aip-video-studio', budgetKb: 20 },
]

/** Budget of the all-in-one bundle (reported; it grows with every element). */
export const ALL_IN_ONE_BUDGET_KB = 120

/** Folder of the web components package. */
export const WEB_COMPONENTS_DIR = dirname(fileURLToPath(import.meta.url))
/** Where the build writes what the platform serves. */
export const DIST_DIR = join(WEB_COMPONENTS_DIR, 'dist')
/** The components reference, whose sizes table the full build rewrites. */
const COMPONENTS_DOC = join(WEB_COMPONENTS_DIR, '..', 'docs', 'reference', 'components.md')

/**
 * Bundles served under /embed/v1/ and their entry points: `aip.js` holds every
 * element; each element also has its own self-contained module.
 */
export const EMBED_ENTRIES: Record<string, string> = {
  'aip.js': 'src/index.ts',
  ...Object.fromEntries(
    ELEMENTS.map(({ name }) => [`elements/${name}.js`, `src/elements/${name}/define.ts`])
  ),
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
    // Stylesheets of libraries (uPlot) arrive as text and are adopted as
    // constructable stylesheets in shadow roots, never injected.
    loader: { '.css': 'text' },
    // Lit's production build (no dev-mode warnings).
    conditions: ['production'],
  })
  return result.outputFiles[0].text
}

/** One measured bundle. */
export interface BundleSize {
  file: string
  bytes: number
  gzipBytes: number
  budgetBytes: number
}

/** Gzipped size (level 9, as a CDN would serve it) against the bundle's budget. */
function measure(file: string, code: string): BundleSize {
  const element = ELEMENTS.find(({ name }) => file === `elements/${name}.js`)
  const budgetKb = element ? element.budgetKb : ALL_IN_ONE_BUDGET_KB
  return {
    file,
    bytes: Buffer.byteLength(code),
    gzipBytes: gzipSync(code, { level: 9 }).length,
    budgetBytes: budgetKb * 1024,
  }
}

/** Thrown when a bundle is over its budget: the build fails. */
export class BudgetExceeded extends Error {}

/** Writes every bundle and the demo files to dist/, measures them and checks the budgets. */
export async function writeEmbedBundles(): Promise<BundleSize[]> {
  await mkdir(join(DIST_DIR, 'elements'), { recursive: true })
  const sizes: BundleSize[] = []
  for (const name of Object.keys(EMBED_ENTRIES)) {
    const code = await buildEmbedBundle(name)
    await writeFile(join(DIST_DIR, name), code)
    sizes.push(measure(name, code))
  }
  for (const name of DEMO_FILES) {
    await copyFile(join(WEB_COMPONENTS_DIR, 'demo', name), join(DIST_DIR, name))
  }
  await writeFile(join(DIST_DIR, 'bundle-sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`)
  const over = sizes.filter((size) => size.gzipBytes > size.budgetBytes)
  if (over.length) {
    throw new BudgetExceeded(
      `Over the weight budget: ${over
        .map((size) => `${size.file} ${kb(size.gzipBytes)} KB gzipped > ${kb(size.budgetBytes)} KB`)
        .join(', ')}`
    )
  }
  return sizes
}

function kb(bytes: number) {
  return (bytes / 1024).toFixed(1)
}

/** The sizes as a Markdown table (docs/reference/components.md). */
export function sizesTable(sizes: BundleSize[]) {
  return [
    '| Bundle | Minified | Gzipped | Budget (gzipped) |',
    '| --- | --- | --- | --- |',
    ...sizes.map(
      (size) =>
        `| \`/embed/v1/${size.file}\` | ${kb(size.bytes)} KB | ${kb(size.gzipBytes)} KB | ${kb(size.budgetBytes)} KB |`
    ),
  ].join('\n')
}

/** Rewrites the table between the size markers of the components reference. */
async function writeSizesDoc(sizes: BundleSize[]) {
  const doc = await readFile(COMPONENTS_DOC, 'utf8')
  const start = '<!-- bundle-sizes:start -->'
  const end = '<!-- bundle-sizes:end -->'
  const from = doc.indexOf(start)
  const to = doc.indexOf(end)
  if (from < 0 || to < from) return
  const next = `${doc.slice(0, from + start.length)}\n${sizesTable(sizes)}\n${doc.slice(to)}`
  if (next !== doc) await writeFile(COMPONENTS_DOC, next)
}

/** Dependencies of the npm package (web-components/package.json): left as imports in its files. */
const PACKAGE_DEPENDENCIES: Record<string, string> = JSON.parse(
  await readFile(join(WEB_COMPONENTS_DIR, 'package.json'), 'utf8')
).dependencies

/**
 * The npm package's files (`dist/package/`): one ES module per element and
 * the index, with Lit, @lit/localize and openapi-fetch left as imports (the
 * package's dependencies, shared by every element a vendor imports), and the
 * type declarations.
 */
export async function writePackageFiles() {
  const out = join(DIST_DIR, 'package')
  await rm(out, { recursive: true, force: true })
  const esbuild = await import('esbuild')
  await esbuild.build({
    entryPoints: {
      index: join(WEB_COMPONENTS_DIR, 'src/index.ts'),
      ...Object.fromEntries(
        ELEMENTS.map(({ name }) => [
          `elements/${name}`,
          join(WEB_COMPONENTS_DIR, `src/elements/${name}/define.ts`),
        ])
      ),
    },
    outdir: out,
    tsconfig: join(WEB_COMPONENTS_DIR, 'tsconfig.json'),
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    // The package's dependencies stay imports; anything else (uPlot and its
    // stylesheet, as text) is bundled, so no CSS import reaches the vendor's bundler.
    external: Object.keys(PACKAGE_DEPENDENCIES).flatMap((name) => [name, `${name}/*`]),
    loader: { '.css': 'text' },
    logLevel: 'silent',
  })
  const tsc = join(WEB_COMPONENTS_DIR, '..', 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(
    process.execPath,
    [
      tsc,
      '-p',
      WEB_COMPONENTS_DIR,
      '--noEmit',
      'false',
      '--declaration',
      '--emitDeclarationOnly',
      '--outDir',
      join(out, 'types'),
    ],
    { stdio: 'inherit' }
  )
  // The generated API types are a declaration file: tsc does not copy it.
  await mkdir(join(out, 'types', 'api'), { recursive: true })
  await copyFile(
    join(WEB_COMPONENTS_DIR, 'src/api/embed-schema.d.ts'),
    join(out, 'types', 'api', 'embed-schema.d.ts')
  )
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
    try {
      const sizes = await writeEmbedBundles()
      for (const size of sizes) {
        console.log(
          `wrote dist/${size.file}: ${kb(size.bytes)} KB, ${kb(size.gzipBytes)} KB gzipped (budget ${kb(size.budgetBytes)} KB)`
        )
      }
      if (!ifAble) await writeSizesDoc(sizes)
      if (process.argv.includes('--package')) await writePackageFiles()
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error
      console.error(error.message)
      process.exitCode = 1
    }
  }
}
