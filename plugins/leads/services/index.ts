/*
| The leads plugin's public API. Other plugins and core code import this file
| only (never the plugin's models or controllers), so its internals can change.
*/
export { captureLead } from './capture_service.js'
export type { CaptureLeadInput, CaptureLeadResult } from './capture_service.js'
export { rescoreLeads } from './scoring_service.js'
export { leadFunnelCounts, leadAudienceProfile } from './lead_statistics.js'
export type { LeadFunnelCounts, AttributeCount } from './lead_statistics.js'
/** Leads that arrived in a period, with score explanations (the autopilot's lead triage). */
export { leadsCreatedBetween } from './lead_arrivals.js'
export type { ArrivedLead, ScoreReason } from './lead_arrivals.js'
export { consentingLeads } from './consent_service.js'
export type { ConsentingLead } from './consent_service.js'
export { leadAddresses } from './lead_addresses.js'
export type { LeadAddress } from './lead_addresses.js'
