import { css } from 'lit'

/**
 * Theme tokens shared by every element. Hosts theme the elements by setting
 * these custom properties on the element or any ancestor (they inherit
 * through shadow DOM); finer changes go through `::part(...)`.
 *
 * - `--aip-font-family`, `--aip-font-size`
 * - `--aip-color-text`, `--aip-color-muted`, `--aip-color-background`
 * - `--aip-color-primary`, `--aip-color-on-primary`
 * - `--aip-color-border`, `--aip-color-error`, `--aip-color-success`
 * - `--aip-radius`, `--aip-spacing`, `--aip-focus-ring`
 */
export const themeStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--aip-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
    font-size: var(--aip-font-size, 1rem);
    line-height: 1.5;
    color: var(--aip-color-text, #1f2328);
    background: var(--aip-color-background, transparent);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: var(
      --aip-focus-ring,
      3px solid color-mix(in srgb, var(--aip-color-primary, #0b57d0) 60%, transparent)
    );
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`

/** A custom property name a workspace theme may set. */
const THEME_PROPERTY = /^--aip-[a-z]+(?:-[a-z]+)*$/
/** A value as the platform validates them (colours, lengths, a quoted font name): no `;{}<>\`. */
const THEME_VALUE = /^[\w\s#%(),.'"-]{1,200}$/

/** The workspace theme as the embed API serves it (`GET /v1/embed/theme`). */
export interface WorkspaceTheme {
  properties: Record<string, string>
  logo_url: string | null
}

/**
 * A constructable stylesheet setting the workspace theme's custom properties
 * on `:host` (no inline style: it is adopted by the shadow root). Host pages
 * still win: their rules on the element come from the outer tree, which beats
 * `:host` rules for the same property. Names and values are checked again.
 */
export function themeSheet(theme: WorkspaceTheme): CSSStyleSheet {
  const declarations = Object.entries(theme.properties ?? {})
    .filter(([name, value]) => THEME_PROPERTY.test(name) && THEME_VALUE.test(String(value)))
    .map(([name, value]) => `${name}: ${value};`)
    .join(' ')
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(`:host { ${declarations} }`)
  return sheet
}

/** Elements that apply the workspace theme, refreshed together on `aip-theme-refresh`. */
export interface ThemedElement {
  refreshTheme(): Promise<void>
}

const themeRequests = new Map<string, Promise<CSSStyleSheet | null>>()
const themed = new Set<ThemedElement>()

/**
 * The workspace theme sheet for one platform and key, fetched once for every
 * element of the page that uses them (null when the theme is unavailable:
 * the elements keep their defaults).
 */
export function loadThemeSheet(
  cacheKey: string,
  fetchTheme: () => Promise<WorkspaceTheme>
): Promise<CSSStyleSheet | null> {
  let request = themeRequests.get(cacheKey)
  if (!request) {
    request = fetchTheme().then(themeSheet, () => null)
    themeRequests.set(cacheKey, request)
  }
  return request
}

/** Registers a connected element for theme refreshes (unregister on disconnect). */
export function watchTheme(element: ThemedElement, connected: boolean) {
  if (connected) themed.add(element)
  else themed.delete(element)
}

/**
 * Re-fetches the workspace theme (the API revalidates it by ETag) and swaps
 * the adopted sheet of every element on the page, without reload. Hosts call
 * it after changing the theme, or dispatch `aip-theme-refresh` on `document`.
 */
export async function refreshThemes() {
  themeRequests.clear()
  await Promise.all([...themed].map((element) => element.refreshTheme()))
}

if (typeof document !== 'undefined') {
  document.addEventListener('aip-theme-refresh', () => void refreshThemes())
}
