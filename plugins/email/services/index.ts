/*
| The email plugin's public API. Other plugins, core code and the bench import
| this file only (never the plugin's resources or controllers), so its
| internals can change.
*/
/** Whether an address is on the workspace's suppression list: anything that mails contacts checks it first. */
export { isSuppressed } from './contact_service.js'
/** Starts (or schedules) a draft campaign that has a template and a segment; a double start runs once. */
export { startCampaign } from './campaign_service.js'
