/*
| The public face of the strategy plugin: the ONLY file other modules and
| plugins may import (as `#plugins/strategy/services/index`).
*/
/** The workspace's active positioning (statement, tone, 3Cs), for grounding other generations. */
export { activePositioning } from './positioning_service.js'
export type { PositioningRow } from './positioning_resource.js'
