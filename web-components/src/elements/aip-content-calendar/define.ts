/** Defines `<aip-content-calendar>` (the per-element bundle's entry point). */
import { AipContentCalendar } from './aip-content-calendar.js'

if (!customElements.get('aip-content-calendar')) {
  customElements.define('aip-content-calendar', AipContentCalendar)
}

export { AipContentCalendar }
