/*
| The plugin's public face: the ONLY file other modules and plugins may import
| (as `#plugins/autopilot/services/index`), so everything else can change freely.
*/
/** The workspace's autopilot configuration (null without one), e.g. to show whether it is active. */
export { findConfig } from './config_service.js'
export type { ConfigRow } from './config_resource.js'
