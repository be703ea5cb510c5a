import { readdir, readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from '@japa/runner'

/**
 * Guards the per-element translation catalogues of the web components
 * (web-components/README.md): every message id an element's `msg()` calls use
 * is translated, in French and German, by its own `locales/<locale>.ts` or by
 * the shared catalogue (src/locales/), which holds the ids of src/base/ and
 * those used by several elements. The sources are read as text, as the
 * catalogues are written: one `'id': …` entry per message.
 */

const SRC = fileURLToPath(new URL('../../web-components/src/', import.meta.url))
const LOCALES = ['fr', 'de'] as const

/** Message ids of the `msg(…, { id: '…' })` calls in one source file. */
async function msgIds(file: string) {
  const text = await readFile(file, 'utf8')
  return [...text.matchAll(/\bmsg\([\s\S]*?\bid: '([^']+)'/g)].map((match) => match[1])
}

/** Every `msg()` call of a file, to prove each one names its id. */
async function msgCalls(file: string) {
  const text = await readFile(file, 'utf8')
  return text.match(/\bmsg\(/g)?.length ?? 0
}

/** Ids of a catalogue file (`'id': template` entries of its `templates` object). */
async function catalogueIds(file: string) {
  const text = await readFile(file, 'utf8')
  return [...text.matchAll(/^ {2}'([^']+)':/gm)].map((match) => match[1])
}

/** Source files of a folder (not its catalogues). */
async function sources(dir: string) {
  const names = await readdir(dir)
  return names.filter((name) => name.endsWith('.ts')).map((name) => join(dir, name))
}

/** Ids used by each owner: `base` (src/base/) and every element folder. */
async function usage() {
  const owners = new Map<string, Set<string>>()
  const collect = async (owner: string, dir: string) => {
    const ids = new Set<string>()
    for (const file of await sources(dir)) for (const id of await msgIds(file)) ids.add(id)
    owners.set(owner, ids)
  }
  await collect('base', join(SRC, 'base'))
  for (const element of await readdir(join(SRC, 'elements'))) {
    await collect(element, join(SRC, 'elements', element))
  }
  return owners
}

/** The catalogue file of an owner for a locale. */
function catalogueFile(owner: string, locale: string) {
  return owner === 'base'
    ? join(SRC, 'locales', `${locale}.ts`)
    : join(SRC, 'elements', owner, 'locales', `${locale}.ts`)
}

test.group('Web component translations', () => {
  test('every msg() call names its id', async ({ assert }) => {
    const dirs = [
      join(SRC, 'base'),
      ...(await readdir(join(SRC, 'elements'))).map((element) => join(SRC, 'elements', element)),
    ]
    for (const dir of dirs) {
      for (const file of await sources(dir)) {
        assert.equal(
          (await msgIds(file)).length,
          await msgCalls(file),
          `${file}: a msg() call without { id }`
        )
      }
    }
  })

  test('each element translates its ids in fr and de, shared ids come from the base', async ({
    assert,
  }) => {
    const owners = await usage()
    const elements = [...owners.keys()].filter((owner) => owner !== 'base')
    assert.isAbove(elements.length, 0)
    for (const locale of LOCALES) {
      const base = new Set(await catalogueIds(catalogueFile('base', locale)))
      for (const id of owners.get('base')!) {
        assert.isTrue(base.has(id), `src/locales/${locale}.ts misses '${id}' (used by src/base/)`)
      }
      for (const element of elements) {
        const used = owners.get(element)!
        const file = catalogueFile(element, locale)
        if (!used.size) continue
        assert.isTrue(existsSync(file), `${element} has messages but no locales/${locale}.ts`)
        const own = new Set(await catalogueIds(file))
        for (const id of used) {
          assert.isTrue(
            own.has(id) || base.has(id),
            `${element}: '${id}' is translated neither in its locales/${locale}.ts nor in src/locales/${locale}.ts`
          )
        }
        for (const id of own) {
          assert.isTrue(
            used.has(id),
            `${element}/locales/${locale}.ts: '${id}' is not used by ${element}`
          )
          assert.isFalse(
            base.has(id),
            `'${id}' is in both ${element}/locales/${locale}.ts and the shared catalogue`
          )
        }
      }
    }
  })

  test('an id lives in the shared catalogue only when the base or several elements use it', async ({
    assert,
  }) => {
    const owners = await usage()
    for (const locale of LOCALES) {
      for (const id of await catalogueIds(catalogueFile('base', locale))) {
        const users = [...owners].filter(([, ids]) => ids.has(id)).map(([owner]) => owner)
        assert.isTrue(
          users.includes('base') || users.length > 1,
          `src/locales/${locale}.ts: '${id}' is used by ${users.join(', ') || 'nothing'}: move it to that element's locales/`
        )
      }
    }
  })

  test('fr and de catalogues hold the same ids', async ({ assert }) => {
    const owners = ['base', ...(await readdir(join(SRC, 'elements')))]
    for (const owner of owners) {
      if (!existsSync(catalogueFile(owner, 'fr')) && !existsSync(catalogueFile(owner, 'de')))
        continue
      assert.sameMembers(
        await catalogueIds(catalogueFile(owner, 'de')),
        await catalogueIds(catalogueFile(owner, 'fr')),
        `${owner}: fr and de differ`
      )
    }
  })

  test('each element with messages registers its catalogues', async ({ assert }) => {
    for (const element of await readdir(join(SRC, 'elements'))) {
      if (!existsSync(join(SRC, 'elements', element, 'locales'))) continue
      const module = await readFile(join(SRC, 'elements', element, `${element}.ts`), 'utf8')
      for (const locale of LOCALES) {
        assert.include(module, `addTranslations('${locale}', ${locale})`, element)
      }
    }
  })
})
