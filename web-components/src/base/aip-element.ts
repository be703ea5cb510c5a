import { LitElement, type PropertyValues } from 'lit'
import { updateWhenLocaleChanges } from '@lit/localize'
import { createEmbedClient, type EmbedClient } from './api-client.js'
import { applyLocale } from './localization.js'
import { themeStyles } from './theme.js'

/** Origin the bundle was loaded from: the platform, and the default `api-base`. */
export const SCRIPT_ORIGIN = new URL(import.meta.url).origin

/**
 * Shared base of every `aip-` element: the publishable key and API origin,
 * the typed API client, the theme tokens, localisation and event helpers.
 *
 * @attr key - Publishable embed key (`pk_…`) created in the platform's embed settings.
 * @attr api-base - Origin of the platform API; defaults to the origin this script was loaded from.
 * @attr locale - Language of the element (`en`, `fr`, `de`); defaults to the page's `lang`, then the browser's.
 */
export class AipElement extends LitElement {
  static override properties = {
    key: { type: String },
    apiBase: { type: String, attribute: 'api-base' },
    locale: { type: String },
  }

  static override styles = [themeStyles]

  /** Publishable embed key (`pk_…`). */
  declare key: string
  /** Origin of the platform API. */
  declare apiBase: string
  /** Requested language (BCP 47); the closest shipped locale is used. */
  declare locale: string

  constructor() {
    super()
    this.key = ''
    this.apiBase = ''
    this.locale = ''
    updateWhenLocaleChanges(this)
  }

  /** The locale in effect after `locale`, the page language and the browser are considered. */
  protected get requestedLocale() {
    return this.locale || document.documentElement.lang || navigator.language
  }

  /** A client for this element's platform and key, typed by the OpenAPI document. */
  protected get api(): EmbedClient {
    return createEmbedClient({
      baseUrl: this.apiBase || SCRIPT_ORIGIN,
      key: this.key,
      locale: this.requestedLocale,
    })
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
}
