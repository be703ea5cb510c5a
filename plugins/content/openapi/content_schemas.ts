import { defineSchema, pageOf } from '#sdk'
import { calendarEntryResource } from '../services/calendar_entry_resource.js'
import { calendarImportResource } from '../services/calendar_import_resource.js'
import { calendarFeedResource } from '../services/calendar_feed_resource.js'
import { assetResource } from '../services/asset_resource.js'
import { brandKitResource } from '../services/brand_kit_resource.js'
import { templateResource } from '../services/template_resource.js'
import { proposalTemplateResource } from '../services/proposal_template_resource.js'

/** A calendar entry, and a page of them. */
export const entry = calendarEntryResource.schema
export const entryPage = pageOf('ContentCalendarEntryPage', entry)

/** The occurrences of a range (month or week view), recurrences expanded. */
export const range = defineSchema('ContentCalendarRange', {
  type: 'object',
  required: ['from', 'to', 'time_zone', 'data'],
  properties: {
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    time_zone: { type: 'string' },
    data: {
      type: 'array',
      items: {
        type: 'object',
        required: ['occurs_at', 'recurring', 'entry'],
        properties: {
          occurs_at: { type: 'string', format: 'date-time' },
          recurring: { type: 'boolean' },
          entry,
        },
      },
    },
  },
})

/** A calendar CSV import and its progress. */
export const calendarImport = calendarImportResource.schema

/** An ICS feed, a page of them, and a new feed with its URL (shown once). */
export const feed = calendarFeedResource.schema
export const feedPage = pageOf('ContentCalendarFeedPage', feed)
export const createdFeed = defineSchema('ContentCalendarFeedCreated', {
  allOf: [
    feed,
    {
      type: 'object',
      required: ['url'],
      properties: {
        url: { type: 'string', description: 'Subscription URL with its secret token: shown once' },
      },
    },
  ],
})

/** An asset, a page of them, and its signed links. */
export const asset = assetResource.schema
export const assetPage = pageOf('ContentAssetPage', asset)
export const assetLinks = defineSchema('ContentAssetLinks', {
  type: 'object',
  required: ['url', 'thumbnail_url', 'expires_at'],
  properties: {
    url: { type: 'string' },
    thumbnail_url: { type: ['string', 'null'] },
    expires_at: { type: 'string', format: 'date-time' },
  },
})

/** A brand kit and a page of them. */
export const brandKit = brandKitResource.schema
export const brandKitPage = pageOf('ContentBrandKitPage', brandKit)

/** A content template, a page of them, the platform's list and a render. */
export const template = templateResource.schema
export const templatePage = pageOf('ContentTemplatePage', template)
export const platformTemplates = defineSchema('ContentPlatformTemplates', {
  type: 'object',
  required: ['data'],
  properties: { data: { type: 'array', items: template } },
})
export const rendered = defineSchema('ContentTemplateRender', {
  type: 'object',
  required: ['template_id', 'format', 'output'],
  properties: {
    template_id: { type: 'string', format: 'uuid' },
    format: { enum: ['text', 'html'] },
    output: { type: 'string' },
  },
})

/** A proposal template and a page of them. */
export const proposal = proposalTemplateResource.schema
export const proposalPage = pageOf('ContentProposalTemplatePage', proposal)

/** A queued month generation. */
export const generation = defineSchema('ContentCalendarGeneration', {
  type: 'object',
  required: ['generation_id', 'status'],
  properties: {
    generation_id: { type: 'string', format: 'uuid' },
    status: { const: 'queued' },
  },
})

/**
 * A calendar entry as `<aip-content-calendar>` sees it: what a page may show,
 * without the workspace's internal links (users, campaigns, metadata).
 */
export const embedEntry = defineSchema('EmbedCalendarEntry', {
  type: 'object',
  required: [
    'id',
    'title',
    'description',
    'content_type',
    'platform',
    'status',
    'scheduled_date',
    'recurrence_rule',
    'time_zone',
    'transitions',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    title: { type: 'string' },
    description: { type: ['string', 'null'] },
    content_type: { type: 'string' },
    platform: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['draft', 'scheduled', 'published', 'archived'] },
    scheduled_date: { type: 'string', format: 'date-time' },
    recurrence_rule: { type: ['string', 'null'] },
    time_zone: { type: 'string' },
    transitions: {
      type: 'array',
      description: 'Statuses the status machine allows next (empty when the viewer cannot edit)',
      items: { type: 'string', enum: ['draft', 'scheduled', 'published', 'archived'] },
    },
  },
})

/** A month or week of the calendar for `<aip-content-calendar>`, recurrences expanded. */
export const embedRange = defineSchema('EmbedCalendarRange', {
  type: 'object',
  required: ['from', 'to', 'time_zone', 'editable', 'data'],
  properties: {
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    time_zone: { type: 'string' },
    editable: {
      type: 'boolean',
      description: 'Whether the embed session may create, move and change entries',
    },
    data: {
      type: 'array',
      items: {
        type: 'object',
        required: ['occurs_at', 'recurring', 'entry'],
        properties: {
          occurs_at: { type: 'string', format: 'date-time' },
          recurring: { type: 'boolean' },
          entry: embedEntry,
        },
      },
    },
  },
})
