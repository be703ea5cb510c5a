/**
 * Defines `<aip-support-form>` (once: loading two bundles that both hold the
 * element does not throw). The per-element bundle and the package's
 * `@action-insight-pilot/elements/aip-support-form` entry point are this file.
 */
import { AipSupportForm } from './aip-support-form.js'

export { AipSupportForm }
export type {
  SessionUser,
  SupportFormErrorDetail,
  SupportFormSubmitDetail,
} from './aip-support-form.js'

if (!customElements.get('aip-support-form')) {
  customElements.define('aip-support-form', AipSupportForm)
}
