import router from '@adonisjs/core/services/router'
import { pageQueryValidator, uuidParams } from '#sdk'
import contentConfig from './content_config.js'
import * as schemas from './openapi/content_schemas.js'
import {
  createEntryValidator,
  createFeedValidator,
  generateMonthValidator,
  listEntriesValidator,
  rangeValidator,
  transitionValidator,
  updateEntryValidator,
} from './validators/calendar_entry_validator.js'
import {
  assetFileValidator,
  listAssetsValidator,
  updateAssetValidator,
  uploadAssetValidator,
} from './validators/asset_validator.js'
import {
  createBrandKitValidator,
  updateBrandKitValidator,
} from './validators/brand_kit_validator.js'
import {
  createProposalValidator,
  createTemplateValidator,
  listTemplatesValidator,
  renderProposalValidator,
  renderTemplateValidator,
  updateProposalValidator,
  updateTemplateValidator,
} from './validators/template_validator.js'
import {
  embedCreateEntryValidator,
  embedMoveEntryValidator,
  embedRangeValidator,
} from './validators/embed_calendar_validator.js'
import { MAX_CALENDAR_CSV_BYTES } from './services/calendar_csv.js'
import { ACCEPTED_MIME_TYPES } from './services/asset_probe.js'

const EntriesController = () => import('./controllers/calendar_entries_controller.js')
const ImportsController = () => import('./controllers/calendar_imports_controller.js')
const ExportsController = () => import('./controllers/calendar_exports_controller.js')
const FeedsController = () => import('./controllers/calendar_feeds_controller.js')
const AssetsController = () => import('./controllers/assets_controller.js')
const AssetFilesController = () => import('./controllers/asset_files_controller.js')
const BrandKitsController = () => import('./controllers/brand_kits_controller.js')
const TemplatesController = () => import('./controllers/content_templates_controller.js')
const ProposalsController = () => import('./controllers/proposal_templates_controller.js')
const EmbedCalendarController = () => import('./controllers/embed_calendar_controller.js')

const tag = 'Content'
const idParams = uuidParams()
const read = 'content:read'
const write = 'content:write'

/** Registers the calendar routes. */
function calendarRoutes() {
  router.get('/content/calendar', [EntriesController, 'range']).openapi({
    operationId: 'content.calendar.range',
    summary: 'What happens in a month, a week or a range, recurring entries expanded',
    tag,
    scope: read,
    query: rangeValidator,
    responses: { 200: { description: 'Occurrences by time', schema: schemas.range } },
  })
  router.get('/content/calendar/entries', [EntriesController, 'index']).openapi({
    operationId: 'content.entries.list',
    summary: 'Calendar entries, newest first',
    tag,
    scope: read,
    query: listEntriesValidator,
    responses: { 200: { description: 'A page of entries', schema: schemas.entryPage } },
  })
  router.post('/content/calendar/entries', [EntriesController, 'store']).openapi({
    operationId: 'content.entries.create',
    summary: 'Create a calendar entry (a draft, or scheduled)',
    tag,
    scope: write,
    body: createEntryValidator,
    responses: { 201: { description: 'Created', schema: schemas.entry } },
  })
  router.post('/content/calendar/generate', [EntriesController, 'generate']).openapi({
    operationId: 'content.entries.generate',
    summary: "Draft a month of entries from a brief, grounded in the workspace's campaigns",
    description:
      'Runs as a job through the AI gateway (the offline `local` provider by default). The drafts carry `metadata.generation_id`: list them with GET /v1/content/calendar/entries?generation_id=…',
    tag,
    scope: write,
    body: generateMonthValidator,
    responses: { 202: { description: 'Queued', schema: schemas.generation } },
  })
  router.get('/content/calendar/export', [ExportsController, 'export']).openapi({
    operationId: 'content.entries.export',
    summary: 'Export the calendar as CSV (the columns the import reads)',
    tag,
    scope: read,
    query: listEntriesValidator,
    responses: { 200: { description: 'CSV file', contentType: 'text/csv' } },
  })
  router.post('/content/calendar/imports', [ImportsController, 'store']).openapi({
    operationId: 'content.imports.create',
    summary: 'Import calendar entries from a CSV file (runs as a job)',
    description:
      'CSV, UTF-8, a header row with title, content_type and scheduled_date (optional: description, platform, status, recurrence_rule, time_zone, campaign_id); at most 5 MB and 10,000 rows. Follow it with GET /v1/content/calendar/imports/{id}.',
    tag,
    scope: write,
    upload: { field: 'file', maxBytes: MAX_CALENDAR_CSV_BYTES },
    responses: { 202: { description: 'Accepted and queued', schema: schemas.calendarImport } },
  })
  router.get('/content/calendar/imports/:id', [ImportsController, 'show']).openapi({
    operationId: 'content.imports.show',
    summary: 'Progress of a calendar CSV import (rows done, rows failed with reasons)',
    tag,
    scope: read,
    params: idParams,
    responses: { 200: { description: 'The import', schema: schemas.calendarImport } },
  })
  router.get('/content/calendar/feeds', [FeedsController, 'index']).openapi({
    operationId: 'content.feeds.list',
    summary: 'ICS feeds of the calendar (never their tokens)',
    tag,
    scope: read,
    query: pageQueryValidator,
    responses: { 200: { description: 'A page of feeds', schema: schemas.feedPage } },
  })
  router.post('/content/calendar/feeds', [FeedsController, 'store']).openapi({
    operationId: 'content.feeds.create',
    summary: 'Create an ICS feed; its subscription URL is shown once',
    tag,
    scope: write,
    body: createFeedValidator,
    responses: { 201: { description: 'Created', schema: schemas.createdFeed } },
  })
  router.delete('/content/calendar/feeds/:id', [FeedsController, 'destroy']).openapi({
    operationId: 'content.feeds.revoke',
    summary: 'Revoke an ICS feed: its URL stops working',
    tag,
    scope: write,
    params: idParams,
    responses: { 204: { description: 'Revoked' } },
  })
  router.get('/content/calendar/feeds/:token/calendar.ics', [FeedsController, 'calendar']).openapi({
    operationId: 'content.feeds.calendar',
    summary: 'The calendar as iCalendar, for calendar apps (the token is the credential)',
    tag,
    auth: 'none',
    responses: {
      200: { description: 'iCalendar file', contentType: 'text/calendar' },
      404: { description: 'Unknown or revoked feed' },
    },
  })
  router.get('/content/calendar/entries/:id', [EntriesController, 'show']).openapi({
    operationId: 'content.entries.show',
    summary: 'One calendar entry',
    tag,
    scope: read,
    params: idParams,
    responses: { 200: { description: 'The entry', schema: schemas.entry } },
  })
  router.patch('/content/calendar/entries/:id', [EntriesController, 'update']).openapi({
    operationId: 'content.entries.update',
    summary: 'Change a calendar entry (not its status)',
    tag,
    scope: write,
    params: idParams,
    body: updateEntryValidator,
    responses: { 200: { description: 'Updated', schema: schemas.entry } },
  })
  router.post('/content/calendar/entries/:id/status', [EntriesController, 'transition']).openapi({
    operationId: 'content.entries.transition',
    summary: 'Move an entry: draft → scheduled → published, or archived',
    tag,
    scope: write,
    params: idParams,
    body: transitionValidator,
    responses: {
      200: { description: 'Moved', schema: schemas.entry },
      409: { description: 'The status machine refuses this transition' },
    },
  })
  router.delete('/content/calendar/entries/:id', [EntriesController, 'destroy']).openapi({
    operationId: 'content.entries.delete',
    summary: 'Delete a calendar entry',
    tag,
    scope: write,
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  })
}

/** Registers the asset library routes. */
function assetRoutes() {
  const upload = { field: 'file', maxBytes: () => contentConfig.maxAssetBytes }
  const accepted = `Accepted types, detected from the bytes (not the name): ${ACCEPTED_MIME_TYPES.join(', ')}.`
  router.get('/content/assets', [AssetsController, 'index']).openapi({
    operationId: 'content.assets.list',
    summary: 'Assets, newest first; search by name or tag',
    tag,
    scope: read,
    query: listAssetsValidator,
    responses: { 200: { description: 'A page of assets', schema: schemas.assetPage } },
  })
  router.post('/content/assets', [AssetsController, 'store']).openapi({
    operationId: 'content.assets.create',
    summary: 'Upload an asset (multipart, streamed to storage)',
    description: `multipart/form-data with \`file\`, optional \`file_name\` and \`tags\` (comma-separated). ${accepted} Images get their dimensions and a WebP thumbnail; MP4/MOV and WAV their duration.`,
    tag,
    scope: write,
    upload: { ...upload, fields: uploadAssetValidator },
    responses: {
      201: { description: 'Stored', schema: schemas.asset },
      415: { description: 'The content is not an accepted type' },
    },
  })
  router.get('/content/assets/:id', [AssetsController, 'show']).openapi({
    operationId: 'content.assets.show',
    summary: 'One asset',
    tag,
    scope: read,
    params: idParams,
    responses: { 200: { description: 'The asset', schema: schemas.asset } },
  })
  router.patch('/content/assets/:id', [AssetsController, 'update']).openapi({
    operationId: 'content.assets.update',
    summary: 'Rename an asset or change its tags',
    tag,
    scope: write,
    params: idParams,
    body: updateAssetValidator,
    responses: { 200: { description: 'Updated', schema: schemas.asset } },
  })
  router.put('/content/assets/:id/file', [AssetsController, 'replace']).openapi({
    operationId: 'content.assets.replace',
    summary: "Replace an asset's file (the old file is removed once the change commits)",
    description: accepted,
    tag,
    scope: write,
    params: idParams,
    upload,
    responses: {
      200: { description: 'Replaced', schema: schemas.asset },
      415: { description: 'The content is not an accepted type' },
    },
  })
  router.delete('/content/assets/:id', [AssetsController, 'destroy']).openapi({
    operationId: 'content.assets.delete',
    summary: 'Delete an asset (its files are removed once the deletion commits)',
    tag,
    scope: write,
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  })
  router.get('/content/assets/:id/links', [AssetsController, 'links']).openapi({
    operationId: 'content.assets.links',
    summary: 'Signed, expiring links to the file and its thumbnail',
    tag,
    scope: read,
    params: idParams,
    responses: { 200: { description: 'The links', schema: schemas.assetLinks } },
  })
  router
    .get('/content/asset-files/:workspaceId/:id/:variant', [AssetFilesController, 'show'])
    .openapi({
      operationId: 'content.assets.file',
      summary: 'The file behind a signed asset link (no login)',
      tag,
      auth: 'none',
      params: {
        ...uuidParams('workspaceId', 'id'),
        variant: { enum: ['original', 'thumbnail'] },
      },
      query: assetFileValidator,
      responses: {
        200: { description: 'The file', contentType: 'application/octet-stream' },
        403: { description: 'The link is forged or edited' },
        404: { description: 'The asset no longer exists' },
        410: { description: 'The link has expired' },
      },
    })
}

/** Registers the brand kit routes. */
function brandKitRoutes() {
  router.get('/content/brand-kit', [BrandKitsController, 'active']).openapi({
    operationId: 'content.brand_kits.active',
    summary: "The workspace's active brand kit",
    tag,
    scope: read,
    responses: { 200: { description: 'The active kit', schema: schemas.brandKit } },
  })
  router.get('/content/brand-kit/theme.css', [BrandKitsController, 'theme']).openapi({
    operationId: 'content.brand_kits.theme',
    summary: 'The active brand kit as CSS custom properties for the web components',
    tag,
    scope: read,
    responses: { 200: { description: 'CSS', contentType: 'text/css' } },
  })
  router.get('/content/brand-kits', [BrandKitsController, 'index']).openapi({
    operationId: 'content.brand_kits.list',
    summary: 'Brand kits, newest first',
    tag,
    scope: read,
    query: pageQueryValidator,
    responses: { 200: { description: 'A page of kits', schema: schemas.brandKitPage } },
  })
  router.post('/content/brand-kits', [BrandKitsController, 'store']).openapi({
    operationId: 'content.brand_kits.create',
    summary: "Create a brand kit (the workspace's first kit becomes active)",
    tag,
    scope: write,
    body: createBrandKitValidator,
    responses: { 201: { description: 'Created', schema: schemas.brandKit } },
  })
  router.get('/content/brand-kits/:id', [BrandKitsController, 'show']).openapi({
    operationId: 'content.brand_kits.show',
    summary: 'One brand kit',
    tag,
    scope: read,
    params: idParams,
    responses: { 200: { description: 'The kit', schema: schemas.brandKit } },
  })
  router.patch('/content/brand-kits/:id', [BrandKitsController, 'update']).openapi({
    operationId: 'content.brand_kits.update',
    summary: 'Change a brand kit (colours, fonts and voice merge)',
    tag,
    scope: write,
    params: idParams,
    body: updateBrandKitValidator,
    responses: { 200: { description: 'Updated', schema: schemas.brandKit } },
  })
  router.post('/content/brand-kits/:id/activate', [BrandKitsController, 'activate']).openapi({
    operationId: 'content.brand_kits.activate',
    summary: "Make a kit the workspace's active one",
    tag,
    scope: write,
    params: idParams,
    responses: { 200: { description: 'Active', schema: schemas.brandKit } },
  })
  router.delete('/content/brand-kits/:id', [BrandKitsController, 'destroy']).openapi({
    operationId: 'content.brand_kits.delete',
    summary: 'Delete a brand kit',
    tag,
    scope: write,
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  })
}

/** Registers the template and proposal routes. */
function templateRoutes() {
  router.get('/content/templates', [TemplatesController, 'index']).openapi({
    operationId: 'content.templates.list',
    summary: "This workspace's templates and its agency's shared ones, newest first",
    tag,
    scope: read,
    query: listTemplatesValidator,
    responses: { 200: { description: 'A page of templates', schema: schemas.templatePage } },
  })
  router.get('/content/templates/platform', [TemplatesController, 'platform']).openapi({
    operationId: 'content.templates.platform',
    summary: "The platform's global, read-only templates",
    tag,
    scope: read,
    responses: { 200: { description: 'The templates', schema: schemas.platformTemplates } },
  })
  router.post('/content/templates', [TemplatesController, 'store']).openapi({
    operationId: 'content.templates.create',
    summary: 'Create a template (is_public shares it with the client workspaces)',
    tag,
    scope: write,
    body: createTemplateValidator,
    responses: { 201: { description: 'Created', schema: schemas.template } },
  })
  router.get('/content/templates/:id', [TemplatesController, 'show']).openapi({
    operationId: 'content.templates.show',
    summary: 'One template (own, shared by the agency, or the platform)',
    tag,
    scope: read,
    params: idParams,
    responses: { 200: { description: 'The template', schema: schemas.template } },
  })
  router.patch('/content/templates/:id', [TemplatesController, 'update']).openapi({
    operationId: 'content.templates.update',
    summary: "Change one of this workspace's templates",
    tag,
    scope: write,
    params: idParams,
    body: updateTemplateValidator,
    responses: {
      200: { description: 'Updated', schema: schemas.template },
      403: { description: 'A shared or platform template is read-only here' },
    },
  })
  router.delete('/content/templates/:id', [TemplatesController, 'destroy']).openapi({
    operationId: 'content.templates.delete',
    summary: "Delete one of this workspace's templates",
    tag,
    scope: write,
    params: idParams,
    responses: {
      204: { description: 'Deleted' },
      403: { description: 'A shared or platform template is read-only here' },
    },
  })
  router.post('/content/templates/:id/render', [TemplatesController, 'render']).openapi({
    operationId: 'content.templates.render',
    summary: 'Render a template with values (sandboxed; 422 lists missing or bad values)',
    tag,
    scope: read,
    params: idParams,
    body: renderTemplateValidator,
    responses: { 200: { description: 'The output', schema: schemas.rendered } },
  })
  router.get('/content/proposal-templates', [ProposalsController, 'index']).openapi({
    operationId: 'content.proposals.list',
    summary: 'Proposal templates, newest first',
    tag,
    scope: read,
    query: pageQueryValidator,
    responses: { 200: { description: 'A page of proposals', schema: schemas.proposalPage } },
  })
  router.post('/content/proposal-templates', [ProposalsController, 'store']).openapi({
    operationId: 'content.proposals.create',
    summary: 'Create a proposal template (introduction and sections)',
    tag,
    scope: write,
    body: createProposalValidator,
    responses: { 201: { description: 'Created', schema: schemas.proposal } },
  })
  router.get('/content/proposal-templates/:id', [ProposalsController, 'show']).openapi({
    operationId: 'content.proposals.show',
    summary: 'One proposal template',
    tag,
    scope: read,
    params: idParams,
    responses: { 200: { description: 'The proposal', schema: schemas.proposal } },
  })
  router.patch('/content/proposal-templates/:id', [ProposalsController, 'update']).openapi({
    operationId: 'content.proposals.update',
    summary: 'Change a proposal template',
    tag,
    scope: write,
    params: idParams,
    body: updateProposalValidator,
    responses: { 200: { description: 'Updated', schema: schemas.proposal } },
  })
  router.delete('/content/proposal-templates/:id', [ProposalsController, 'destroy']).openapi({
    operationId: 'content.proposals.delete',
    summary: 'Delete a proposal template',
    tag,
    scope: write,
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  })
  router.post('/content/proposal-templates/:id/html', [ProposalsController, 'html']).openapi({
    operationId: 'content.proposals.render_html',
    summary: 'Render a proposal as an HTML document (values escaped)',
    tag,
    scope: read,
    params: idParams,
    body: renderProposalValidator,
    responses: { 200: { description: 'HTML document', contentType: 'text/html' } },
  })
  router.post('/content/proposal-templates/:id/pdf', [ProposalsController, 'pdf']).openapi({
    operationId: 'content.proposals.render_pdf',
    summary: 'Render a proposal as a PDF (offline, standard fonts: Latin-1)',
    tag,
    scope: read,
    params: idParams,
    body: renderProposalValidator,
    responses: { 200: { description: 'PDF document', contentType: 'application/pdf' } },
  })
}

/**
 * Registers the routes of `<aip-content-calendar>` (`auth: 'embed'`: the
 * publishable key with `content:calendar` from an allowed origin; writes also
 * need an end user's embed session with `content:write`).
 */
function embedCalendarRoutes() {
  const capability = 'content:calendar'
  router.get('/embed/content/calendar', [EmbedCalendarController, 'range']).openapi({
    operationId: 'content.embed_calendar.range',
    summary: 'A month or week of the calendar for the calendar widget',
    description:
      'Without an embed session (or without `content:read`), only scheduled and published entries; with `content:read` or `content:write`, every entry.',
    tag,
    auth: 'embed',
    capability,
    session: 'optional',
    query: embedRangeValidator,
    responses: { 200: { description: 'Occurrences by time', schema: schemas.embedRange } },
  })
  router.post('/embed/content/calendar/entries', [EmbedCalendarController, 'store']).openapi({
    operationId: 'content.embed_calendar.create',
    summary: "Create a calendar entry from the calendar widget (the end user's session)",
    tag,
    auth: 'embed',
    capability,
    session: 'required',
    sessionScope: write,
    body: embedCreateEntryValidator,
    responses: { 201: { description: 'Created', schema: schemas.embedEntry } },
  })
  router
    .post('/embed/content/calendar/entries/:id/move', [EmbedCalendarController, 'move'])
    .openapi({
      operationId: 'content.embed_calendar.move',
      summary: 'Move a calendar entry to another date from the calendar widget',
      tag,
      auth: 'embed',
      capability,
      session: 'required',
      sessionScope: write,
      params: idParams,
      body: embedMoveEntryValidator,
      responses: { 200: { description: 'Moved', schema: schemas.embedEntry } },
    })
  router
    .post('/embed/content/calendar/entries/:id/status', [EmbedCalendarController, 'transition'])
    .openapi({
      operationId: 'content.embed_calendar.transition',
      summary: 'Change the status of a calendar entry from the calendar widget',
      tag,
      auth: 'embed',
      capability,
      session: 'required',
      sessionScope: write,
      params: idParams,
      body: transitionValidator,
      responses: {
        200: { description: 'Moved', schema: schemas.embedEntry },
        409: { description: 'The status machine refuses this transition' },
      },
    })
}

/**
 * Registers the content routes (mounted under /v1 by the route policy).
 * Fixed paths come before `/:id` paths.
 */
export default function registerContentRoutes() {
  calendarRoutes()
  assetRoutes()
  brandKitRoutes()
  templateRoutes()
  embedCalendarRoutes()
}
