import { LitElement, type PropertyValues } from 'lit'
import { updateWhenLocaleChanges } from '@lit/localize'
import { createEmbedClient, EmbedApiError, unwrap, type EmbedClient } from './api-client.js'
import type { FormErrorDetail } from './form-controller.js'
import { applyLocale } from './localization.js'
import {
  announceThemeChange,
  currentThemeSheet,
  reloadThemeSheet,
  themeStyles,
  watchTheme,
  type ThemeWatcher,
  type WorkspaceTheme,
} from './theme.js'

/** Origin the bundle was loaded from: the platform, and the default `api-base`. */
export const SCRIPT_ORIGIN = new URL(import.meta.url).origin

/**
 * Shared base of every `aip-` element: the publishable key, the optional
 * embed session and the API origin, the typed API client (embed-only
 * operations), the theme tokens and the workspace theme (adopted as a
 * constructable stylesheet, refreshed on `aip-theme-refresh`), localisation
 * and event helpers.
 *
 * @attr key - Publishable embed key (`pk_…`) created in the platform's embed settings.
 * @attr session - Embed session token minted by the host's backend for its signed-in user (sent as `Authorization: Bearer`); also settable as the `session` property.
 * @attr api-base - Origin of the platform API; defaults to the origin this script was loaded from.
 * @attr locale - Language of the element (`en`, `fr`, `de`); defaults to the page's `lang`, then the browser's.
 */
export class AipElement extends LitElement {
  static override properties = {
    key: { type: String },
    session: { type: String },
    apiBase: { type: String, attribute: 'api-base' },
    locale: { type: String },
  }

  static override styles = [themeStyles]

  /** Publishable embed key (`pk_…`). */
  declare key: string
  /** Embed session token of the host's signed-in user (empty: anonymous). */
  declare session: string
  /** Origin of the platform API. */
  declare apiBase: string
  /** Requested language (BCP 47); the closest shipped locale is used. */
  declare locale: string

  constructor() {
    super()
    this.key = ''
    this.session = ''
    this.apiBase = ''
    this.locale = ''
    updateWhenLocaleChanges(this)
  }

  /** The locale in effect after `locale`, the page language and the browser are considered. */
  protected get requestedLocale() {
    return this.locale || document.documentElement.lang || navigator.language
  }

  private client?: { for: string; client: EmbedClient }
  /** The adopted workspace theme sheet, and the platform and key it is for. */
  private theme?: { for: string; sheet: CSSStyleSheet | null }
  /** What the page's theme registry (theme.ts) calls on this element. */
  private readonly themeWatcher: ThemeWatcher = {
    refresh: () => this.refreshTheme(),
    target: () => this.theme?.for ?? '',
    adopt: (sheet) => void this.wearTheme(sheet),
    changed: () => this.themeChanged(),
  }

  override connectedCallback() {
    super.connectedCallback()
    watchTheme(this.themeWatcher, true)
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    watchTheme(this.themeWatcher, false)
  }

  protected override updated(changed: PropertyValues<this>) {
    super.updated(changed)
    if (this.key && this.theme?.for !== this.themeTarget) void this.applyTheme(this.themeTarget)
  }

  /**
   * Fetches the workspace theme again and swaps the adopted sheet, without
   * reload: the cached theme of this platform and key is dropped, the theme
   * is requested once for every element of the page sharing the key (calls in
   * the same task share the request), each of them adopts the new sheet, and
   * every element's `themeChanged()` runs. `aip-theme-refresh` on `document`
   * does it for every element. Without a key (an element fed by another, like
   * the dashboard's charts) it only runs `themeChanged()`: call it after
   * changing theme tokens by other means.
   */
  async refreshTheme() {
    if (this.key) await reloadThemeSheet(this.themeTarget, () => this.fetchTheme())
    else this.themeChanged()
  }

  /**
   * Called after a workspace theme sheet was adopted on the page (by this
   * element or by one it is rendered in, whose custom properties it inherits)
   * and by `refreshTheme()`. Elements that draw with resolved colours (a
   * canvas does not restyle itself) redraw here; styles follow on their own.
   */
  protected themeChanged(): void {}

  /** Platform and key of this element's workspace theme. */
  private get themeTarget() {
    return `${this.apiBase || SCRIPT_ORIGIN}|${this.key}`
  }

  private fetchTheme(): Promise<WorkspaceTheme> {
    return unwrap(this.api.GET('/v1/embed/theme'))
  }

  /** Adopts the workspace theme of this platform and key (validated custom properties only). */
  private async applyTheme(target: string) {
    this.theme = { for: target, sheet: this.theme?.sheet ?? null }
    const sheet = await currentThemeSheet(target, () => this.fetchTheme())
    if (this.theme.for === target && this.wearTheme(sheet)) announceThemeChange()
  }

  /**
   * Swaps the adopted workspace theme sheet for `sheet` (none: the defaults);
   * false when it was already worn.
   */
  private wearTheme(sheet: CSSStyleSheet | null): boolean {
    const root = this.shadowRoot
    if (!root || !this.theme || this.theme.sheet === sheet) return false
    const current = this.theme.sheet
    this.theme = { for: this.theme.for, sheet }
    root.adoptedStyleSheets = [
      ...root.adoptedStyleSheets.filter((adopted) => adopted !== current),
      ...(sheet ? [sheet] : []),
    ]
    return true
  }

  /** A client for this element's platform, key, session and locale, typed by the embed subset of the OpenAPI document. */
  protected get api(): EmbedClient {
    const options = {
      baseUrl: this.apiBase || SCRIPT_ORIGIN,
      key: this.key,
      session: this.session || undefined,
      locale: this.requestedLocale,
    }
    const signature = JSON.stringify(options)
    if (this.client?.for !== signature) {
      this.client = { for: signature, client: createEmbedClient(options) }
    }
    return this.client.client
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('locale') || !this.hasUpdated) void applyLocale(this.requestedLocale)
  }

  /** Dispatches an `aip-…` event that crosses the shadow boundary; false when a listener cancelled it. */
  protected emit<T>(name: `aip-${string}`, detail: T, cancelable = false) {
    return this.dispatchEvent(
      new CustomEvent<T>(name, { detail, bubbles: true, composed: true, cancelable })
    )
  }

  /** Announces a failed call that is not a form submission (loading data) as `aip-error`. */
  protected emitFailure(error: unknown) {
    const failure = error instanceof EmbedApiError ? error : new EmbedApiError(0, null)
    this.emit<FormErrorDetail>('aip-error', {
      status: failure.status,
      problem: failure.problem,
      fieldErrors: {},
    })
  }
}

declare global {
  interface HTMLElementEventMap {
    /** Every element's failures: `detail: { status, problem, fieldErrors }`. */
    'aip-error': CustomEvent<FormErrorDetail>
  }
}
