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

/**
 * A connected element as the theme registry sees it (the element keeps these
 * functions private; see AipElement).
 */
export interface ThemeWatcher {
  /** The element's `refreshTheme()`. */
  refresh(): Promise<void>
  /** Platform and key of the theme the element wears ('' before it has a key). */
  target(): string
  /** Wears `sheet`, the newly fetched theme of its platform and key. */
  adopt(sheet: CSSStyleSheet | null): void
  /** A theme sheet was adopted on the page (its tokens may resolve differently now). */
  changed(): void
}

/** The current theme request of each platform and key. */
const themeRequests = new Map<string, Promise<CSSStyleSheet | null>>()
/** Refreshes started in the current task, shared by every element of their key. */
const refreshes = new Map<string, Promise<void>>()
const watchers = new Set<ThemeWatcher>()

/**
 * The workspace theme sheet for one platform and key, fetched once for every
 * element of the page that uses them (null when the theme is unavailable:
 * the elements keep their defaults).
 */
function loadThemeSheet(
  target: string,
  fetchTheme: () => Promise<WorkspaceTheme>
): Promise<CSSStyleSheet | null> {
  let request = themeRequests.get(target)
  if (!request) {
    request = fetchTheme().then(themeSheet, () => null)
    themeRequests.set(target, request)
  }
  return request
}

/**
 * The newest theme sheet of a platform and key: when a refresh replaced the
 * request while it was awaited, the newer one is awaited instead.
 */
export async function currentThemeSheet(
  target: string,
  fetchTheme: () => Promise<WorkspaceTheme>
): Promise<CSSStyleSheet | null> {
  for (;;) {
    const request = loadThemeSheet(target, fetchTheme)
    const sheet = await request
    if (themeRequests.get(target) === request) return sheet
  }
}

/**
 * Drops the cached theme of a platform and key, fetches it again (the API
 * revalidates it by ETag) and hands the new sheet to every connected element
 * wearing it, then tells every element that the theme changed. Calls made in
 * the same task share one request: `aip-theme-refresh` refreshes every element
 * at once, and the page asks once per key. When the new request fails, the
 * elements keep the theme they wear.
 */
export function reloadThemeSheet(
  target: string,
  fetchTheme: () => Promise<WorkspaceTheme>
): Promise<void> {
  let refresh = refreshes.get(target)
  if (refresh) return refresh
  const previous = themeRequests.get(target) ?? null
  const request = fetchTheme().then(themeSheet, () => previous)
  themeRequests.set(target, request)
  refresh = request.then((sheet) => {
    // A later refresh of the same key wins: it adopts its own sheet.
    if (themeRequests.get(target) !== request) return
    for (const watcher of watchers) if (watcher.target() === target) watcher.adopt(sheet)
    announceThemeChange()
  })
  refreshes.set(target, refresh)
  queueMicrotask(() => refreshes.delete(target))
  return refresh
}

/**
 * Tells every connected element that a theme sheet was adopted on the page:
 * an element inherits the custom properties of the element it is rendered in
 * (the dashboard's charts), so one adoption can change another's colours.
 */
export function announceThemeChange() {
  for (const watcher of watchers) watcher.changed()
}

/** Registers a connected element for theme refreshes (unregister on disconnect). */
export function watchTheme(watcher: ThemeWatcher, connected: boolean) {
  if (connected) watchers.add(watcher)
  else watchers.delete(watcher)
}

/**
 * Re-fetches the workspace theme, once per platform and key on the page, and
 * swaps the adopted sheet of every element, without reload. Hosts call it
 * after changing the theme, or dispatch `aip-theme-refresh` on `document`.
 */
export async function refreshThemes() {
  await Promise.all([...watchers].map((watcher) => watcher.refresh()))
}

if (typeof document !== 'undefined') {
  document.addEventListener('aip-theme-refresh', () => void refreshThemes())
}
