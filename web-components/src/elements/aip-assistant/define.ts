import { AipAssistant } from './aip-assistant.js'

/** Defines `<aip-assistant>` once (several bundles may carry it). */
if (!customElements.get('aip-assistant')) customElements.define('aip-assistant', AipAssistant)

export { AipAssistant }
