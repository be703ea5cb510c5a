import { configureLocalization, type TemplateMap } from '@lit/localize'
import { templates as de } from '../locales/de.js'
import { templates as fr } from '../locales/fr.js'

/** Locale the element sources are written in. */
export const SOURCE_LOCALE = 'en'
/** Other locales shipped in the bundle. */
export const TARGET_LOCALES = ['fr', 'de'] as const

/** A locale the elements can render in. */
export type Locale = typeof SOURCE_LOCALE | (typeof TARGET_LOCALES)[number]

/** A locale with a translation catalogue (every locale but the source one). */
export type TargetLocale = (typeof TARGET_LOCALES)[number]

/**
 * The catalogue of each target locale: the shared messages (src/locales/) plus
 * those every loaded element adds. A bundle thus carries only the strings of the
 * elements it holds. @lit/localize keeps the object `loadLocale` returns and
 * reads it at each render, so messages added after a locale switch still apply.
 */
const catalogues: Record<TargetLocale, TemplateMap> = { fr: { ...fr }, de: { ...de } }

/**
 * Adds an element's translations to a locale's catalogue. Each element module
 * (`src/elements/aip-<name>/aip-<name>.ts`) calls it at import time with the
 * templates of its `locales/<locale>.ts`.
 */
export function addTranslations(locale: TargetLocale, templates: TemplateMap) {
  Object.assign(catalogues[locale], templates)
}

const { getLocale, setLocale } = configureLocalization({
  sourceLocale: SOURCE_LOCALE,
  targetLocales: TARGET_LOCALES,
  // The translations are small, so they ship inside the bundles.
  loadLocale: async (locale) => ({ templates: catalogues[locale as TargetLocale] }),
})

/** The supported locale closest to a BCP 47 tag (`fr-CA` → `fr`), else English. */
export function resolveLocale(requested: string | null | undefined): Locale {
  const base = (requested ?? '').toLowerCase().split(/[-_]/)[0]
  return (TARGET_LOCALES as readonly string[]).includes(base) ? (base as Locale) : SOURCE_LOCALE
}

/**
 * Switches every element on the page to the locale closest to `requested`
 * (runtime localisation is page wide).
 */
export async function applyLocale(requested: string | null | undefined) {
  const locale = resolveLocale(requested)
  if (getLocale() !== locale) await setLocale(locale)
  return locale
}
