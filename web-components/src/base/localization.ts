import { configureLocalization } from '@lit/localize'
import * as de from '../locales/de.js'
import * as fr from '../locales/fr.js'

/** Locale the element sources are written in. */
export const SOURCE_LOCALE = 'en'
/** Other locales shipped in the bundle. */
export const TARGET_LOCALES = ['fr', 'de'] as const

/** A locale the elements can render in. */
export type Locale = typeof SOURCE_LOCALE | (typeof TARGET_LOCALES)[number]

const modules = { fr, de }

const { getLocale, setLocale } = configureLocalization({
  sourceLocale: SOURCE_LOCALE,
  targetLocales: TARGET_LOCALES,
  // Both translations are small, so they ship inside the one bundle.
  loadLocale: async (locale) => modules[locale as keyof typeof modules],
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
