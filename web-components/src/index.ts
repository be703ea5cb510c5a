/**
 * The all-in-one embed bundle (`/embed/v1/aip.js`, package entry `.`): the
 * shared base and every `aip-` element. Loading it defines the elements (each
 * element's `define.ts` guards against a second definition).
 */
export { AipElement, SCRIPT_ORIGIN } from './base/aip-element.js'
export { applyLocale, resolveLocale, SOURCE_LOCALE, TARGET_LOCALES } from './base/localization.js'
export { createEmbedClient, EmbedApiError, unwrap } from './base/api-client.js'
export type { EmbedClient, EmbedClientOptions, EmbedPaths, Problem } from './base/api-client.js'
export { FormController, ruleMessage, failureMessage } from './base/form-controller.js'
export type {
  FieldRule,
  FieldValues,
  FormErrorDetail,
  SubmitState,
} from './base/form-controller.js'
export * from './elements/aip-lead-form/define.js'
export * from './elements/aip-assistant/define.js'
export * from './elements/aip-chat/define.js'
export { STANDARD_FIELDS } from './elements/aip-lead-form/aip-lead-form.js'
export { formatDay, formatMetric } from './base/format.js'
export type { MetricFormat } from './base/format.js'
export * from './elements/aip-metric-chart/define.js'
export * from './elements/aip-campaign-dashboard/define.js'
export * from './elements/aip-content-calendar/define.js'
export * from './elements/aip-autopilot-inbox/define.js'
export * from './elements/aip-support-form/define.js'
export * from './elements/aip-video-studio/define.js'
export { refreshThemes, themeSheet } from './base/theme.js'
export type { WorkspaceTheme } from './base/theme.js'
