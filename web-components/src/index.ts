/**
 * The embed bundle (`/embed/v1/aip.js`): every `aip-` element and the shared
 * base, as one ES module. Loading it defines the elements.
 */
export { AipElement, SCRIPT_ORIGIN } from './base/aip-element.js'
export { applyLocale, resolveLocale, SOURCE_LOCALE, TARGET_LOCALES } from './base/localization.js'
export { createEmbedClient } from './base/api-client.js'
export type { ApiResult, EmbedClient, Problem } from './base/api-client.js'
export { AipLeadForm, STANDARD_FIELDS } from './elements/aip-lead-form.js'
export type {
  FormDefinition,
  LeadFormErrorDetail,
  LeadFormSubmitDetail,
} from './elements/aip-lead-form.js'
export { AipContentCalendar } from './elements/aip-content-calendar/define.js'
export type {
  CalendarDaySelectDetail,
  CalendarEntry,
  CalendarEntryDetail,
  CalendarErrorDetail,
  CalendarOccurrence,
  CalendarRange,
} from './elements/aip-content-calendar/aip-content-calendar.js'
