/**
 * Defines `<aip-lead-form>` (once: loading two bundles that both hold the
 * element does not throw). The per-element bundle and the package's
 * `@action-insight-pilot/elements/aip-lead-form` entry point are this file.
 */
import { AipLeadForm } from './aip-lead-form.js'

export { AipLeadForm }
export type { FormDefinition, LeadFormErrorDetail, LeadFormSubmitDetail } from './aip-lead-form.js'

if (!customElements.get('aip-lead-form')) customElements.define('aip-lead-form', AipLeadForm)
