/**
 * Defines `<aip-content-calendar>` (once: loading two bundles that both hold
 * the element does not throw). The per-element bundle and the package's
 * `@action-insight-pilot/elements/aip-content-calendar` entry point are this file.
 */
import { AipContentCalendar } from './aip-content-calendar.js'

export { AipContentCalendar }
export type {
  CalendarDaySelectDetail,
  CalendarEntry,
  CalendarEntryDetail,
  CalendarOccurrence,
  CalendarRange,
} from './aip-content-calendar.js'

if (!customElements.get('aip-content-calendar')) {
  customElements.define('aip-content-calendar', AipContentCalendar)
}
