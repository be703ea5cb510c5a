/*
| The leads plugin's public API. Other plugins and core code import this file
| only (never the plugin's models or controllers), so its internals can change.
*/
export { captureLead } from './capture_service.js'
export type { CaptureLeadInput, CaptureLeadResult } from './capture_service.js'
export { rescoreLeads } from './scoring_service.js'
export { consentingLeads } from './consent_service.js'
export type { ConsentingLead } from './consent_service.js'
