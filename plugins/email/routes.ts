import router from '@adonisjs/core/services/router'
import { pageQueryValidator, uuidParams } from '#sdk'
import * as schemas from './openapi/email_schemas.js'
import { MAX_CONTACT_IMPORT_BYTES } from './services/contact_csv.js'
import {
  createCampaignValidator,
  createContactValidator,
  createSegmentValidator,
  createSuppressionValidator,
  createTemplateValidator,
  contactImportFieldsValidator,
  bounceWebhookValidator,
  complaintWebhookValidator,
  importLeadsValidator,
  listContactsValidator,
  previewTemplateValidator,
  signedLinkValidator,
  clickLinkValidator,
  updateCampaignValidator,
  updateContactValidator,
  updateSegmentValidator,
  updateTemplateValidator,
} from './validators/email_validator.js'
import {
  createAutomationValidator,
  listEnrollmentsValidator,
  updateAutomationValidator,
} from './validators/automation_validator.js'

const Templates = () => import('./controllers/email_templates_controller.js')
const Contacts = () => import('./controllers/email_contacts_controller.js')
const Segments = () => import('./controllers/email_segments_controller.js')
const Campaigns = () => import('./controllers/email_campaigns_controller.js')
const Suppressions = () => import('./controllers/email_suppressions_controller.js')
const Links = () => import('./controllers/email_links_controller.js')
const Tracking = () => import('./controllers/email_tracking_controller.js')
const ContactImports = () => import('./controllers/email_contact_imports_controller.js')
const Bounces = () => import('./controllers/email_bounces_controller.js')
const Automations = () => import('./controllers/email_automations_controller.js')

const tag = 'Email'
const idParams = uuidParams()
const linkParams = uuidParams('workspaceId', 'id')

/** Routes of the email plugin (mounted under /v1 behind the route policy). */
export default function registerEmailRoutes() {
  // Public links in mail: signed, GET shows a page, POST acts.
  router.get('/email/unsubscribe/:workspaceId/:id', [Links, 'unsubscribePage']).openapi({
    operationId: 'email.unsubscribe.page',
    summary: 'Unsubscribe page of a sent message (changes nothing: link scanners follow GETs)',
    tag,
    auth: 'none',
    params: linkParams,
    query: signedLinkValidator,
    responses: {
      200: { description: 'HTML page with a confirmation button' },
      404: { description: 'Forged or expired link' },
    },
  })
  router.post('/email/unsubscribe/:workspaceId/:id', [Links, 'unsubscribe']).openapi({
    operationId: 'email.unsubscribe.apply',
    summary: 'RFC 8058 one-click unsubscribe: applies at once, suppresses the address',
    description:
      'The body mail clients send is `List-Unsubscribe=One-Click` (form encoded); it is not required.',
    tag,
    auth: 'none',
    params: linkParams,
    query: signedLinkValidator,
    responses: {
      200: { description: 'HTML page: unsubscribed' },
      404: { description: 'Forged or expired link' },
    },
  })
  router.get('/email/confirm/:workspaceId/:id', [Links, 'confirmPage']).openapi({
    operationId: 'email.confirm.page',
    summary: 'Double opt-in page (changes nothing)',
    tag,
    auth: 'none',
    params: linkParams,
    query: signedLinkValidator,
    responses: {
      200: { description: 'HTML page with a confirmation button' },
      404: { description: 'Forged or expired link' },
    },
  })
  router.post('/email/confirm/:workspaceId/:id', [Links, 'confirm']).openapi({
    operationId: 'email.confirm.apply',
    summary: 'Confirm a double opt-in subscription',
    tag,
    auth: 'none',
    params: linkParams,
    query: signedLinkValidator,
    responses: {
      200: { description: 'HTML page: confirmed' },
      404: { description: 'Forged or expired link' },
    },
  })

  router.get('/email/t/open/:workspaceId/:id', [Tracking, 'open']).openapi({
    operationId: 'email.tracking.open',
    summary: 'Open pixel of a sent message (1×1 GIF); the open is labelled human or machine',
    tag,
    auth: 'none',
    params: linkParams,
    query: signedLinkValidator,
    responses: { 200: { description: 'image/gif' }, 404: { description: 'Forged link' } },
  })
  router.get('/email/t/click/:workspaceId/:id', [Tracking, 'click']).openapi({
    operationId: 'email.tracking.click',
    summary: 'Click redirect of a link in a sent message (target signed); labelled human or bot',
    tag,
    auth: 'none',
    params: linkParams,
    query: clickLinkValidator,
    responses: {
      302: { description: 'Redirect to the link' },
      404: { description: 'Forged link' },
    },
  })

  // Inbound bounces: signed per-workspace links given to the relay or provider.
  router.get('/email/bounces/endpoints', [Bounces, 'endpoints']).openapi({
    operationId: 'email.bounces.endpoints',
    summary: 'The signed links an inbound relay and a sending provider post bounces to',
    tag,
    scope: 'email:write',
    responses: { 200: { description: 'The links', schema: schemas.bounceEndpoints } },
  })
  router.post('/email/bounces/dsn/:workspaceId', [Bounces, 'dsn']).openapi({
    operationId: 'email.bounces.dsn',
    summary: 'Inbound RFC 3464 delivery status notification (hard bounces suppress at once)',
    description:
      'The bounce as received, posted raw by an inbound relay. Failed and delayed recipients are recorded as bounces tied to the sent message (its Message-ID), hard (5.x.x) or soft (4.x.x).',
    tag,
    auth: 'none',
    params: uuidParams('workspaceId'),
    query: signedLinkValidator,
    rawBody: {
      contentTypes: ['message/rfc822', 'multipart/report'],
      description: 'A multipart/report; report-type=delivery-status message, whole',
    },
    responses: {
      200: { description: 'Bounces recorded', schema: schemas.bounceOutcomes },
      404: { description: 'Forged or expired link' },
      422: { description: 'Not a delivery status notification, or no failed recipient' },
    },
  })
  router.post('/email/bounces/webhook/:workspaceId', [Bounces, 'webhook']).openapi({
    operationId: 'email.bounces.webhook',
    summary: 'A sending provider reports a bounce (JSON)',
    tag,
    auth: 'none',
    params: uuidParams('workspaceId'),
    query: signedLinkValidator,
    body: bounceWebhookValidator,
    responses: {
      200: { description: 'Bounce recorded', schema: schemas.bounceOutcomes },
      404: { description: 'Forged or expired link' },
    },
  })

  // Inbound spam complaints: the same signed links' signature.
  router.post('/email/complaints/arf/:workspaceId', [Bounces, 'feedback']).openapi({
    operationId: 'email.complaints.arf',
    summary: 'Inbound RFC 5965 feedback-loop report (a spam complaint suppresses at once)',
    description:
      'The report as received from a mailbox provider, posted raw by an inbound relay. The complaint is tied to the sent message (its Message-ID); the address is suppressed and the contact becomes `complained` (not for `Feedback-Type: not-spam`).',
    tag,
    auth: 'none',
    params: uuidParams('workspaceId'),
    query: signedLinkValidator,
    rawBody: {
      contentTypes: ['message/rfc822', 'multipart/report'],
      description: 'A multipart/report; report-type=feedback-report message, whole',
    },
    responses: {
      200: { description: 'Complaint recorded', schema: schemas.complaintOutcomes },
      404: { description: 'Forged or expired link' },
      422: { description: 'Not a feedback report, or nothing in it to act on' },
    },
  })
  router.post('/email/complaints/webhook/:workspaceId', [Bounces, 'complaintWebhook']).openapi({
    operationId: 'email.complaints.webhook',
    summary: 'A sending provider reports a spam complaint (JSON)',
    tag,
    auth: 'none',
    params: uuidParams('workspaceId'),
    query: signedLinkValidator,
    body: complaintWebhookValidator,
    responses: {
      200: { description: 'Complaint recorded', schema: schemas.complaintOutcomes },
      404: { description: 'Forged or expired link' },
    },
  })

  router.get('/email/templates', [Templates, 'index']).openapi({
    operationId: 'email.templates.list',
    summary: 'Templates of this workspace, newest first',
    tag,
    scope: 'email:read',
    query: pageQueryValidator,
    responses: { 200: { description: 'A page', schema: schemas.templatePage } },
  })
  router.post('/email/templates', [Templates, 'store']).openapi({
    operationId: 'email.templates.create',
    summary: 'Create a template',
    tag,
    scope: 'email:write',
    body: createTemplateValidator,
    responses: { 201: { description: 'Created', schema: schemas.template } },
  })
  router.get('/email/templates/:id', [Templates, 'show']).openapi({
    operationId: 'email.templates.show',
    summary: 'One template',
    tag,
    scope: 'email:read',
    params: idParams,
    responses: { 200: { description: 'Found', schema: schemas.template } },
  })
  router.patch('/email/templates/:id', [Templates, 'update']).openapi({
    operationId: 'email.templates.update',
    summary: 'Change a template',
    tag,
    scope: 'email:write',
    params: idParams,
    body: updateTemplateValidator,
    responses: { 200: { description: 'Updated', schema: schemas.template } },
  })
  router.delete('/email/templates/:id', [Templates, 'destroy']).openapi({
    operationId: 'email.templates.delete',
    summary: 'Delete a template',
    tag,
    scope: 'email:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'In use' } },
  })
  router.post('/email/templates/:id/preview', [Templates, 'preview']).openapi({
    operationId: 'email.templates.preview',
    summary: 'Render a template with a contact or given merge-field values',
    tag,
    scope: 'email:read',
    params: idParams,
    body: previewTemplateValidator,
    responses: { 200: { description: 'Subject, HTML and text', schema: schemas.rendered } },
  })
  router.post('/email/templates/:id/test', [Templates, 'test']).openapi({
    operationId: 'email.templates.test',
    summary: 'Send one rendered message to yourself (or `to`)',
    tag,
    scope: 'email:write',
    params: idParams,
    body: previewTemplateValidator,
    responses: { 202: { description: 'Queued', schema: schemas.queued } },
  })

  router.get('/email/contacts', [Contacts, 'index']).openapi({
    operationId: 'email.contacts.list',
    summary: 'Contacts of this workspace, newest first, by status or tag',
    tag,
    scope: 'email:read',
    query: listContactsValidator,
    responses: { 200: { description: 'A page of contacts', schema: schemas.contactPage } },
  })
  router.post('/email/contacts', [Contacts, 'store']).openapi({
    operationId: 'email.contacts.create',
    summary: 'Add a contact with its consent (double opt-in optional)',
    tag,
    scope: 'email:write',
    body: createContactValidator,
    responses: {
      201: { description: 'Created', schema: schemas.contact },
      409: { description: 'The address exists or is suppressed' },
    },
  })
  router.post('/email/contacts/import-leads', [Contacts, 'importLeads']).openapi({
    operationId: 'email.contacts.import_leads',
    summary: 'Create contacts from the leads that gave marketing consent',
    tag,
    scope: 'email:write',
    body: importLeadsValidator,
    responses: { 200: { description: 'Counts', schema: schemas.leadImport } },
  })
  router.post('/email/contacts/imports', [ContactImports, 'store']).openapi({
    operationId: 'email.contact_imports.create',
    summary: 'Import contacts from a CSV file (runs as a job; follow its progress)',
    description:
      'CSV, UTF-8, a header row with `email` (optional: name or first_name/last_name, company, tags, subscription_status, consent_source, consent_recorded_at; other columns go to metadata); at most 10 MB and 100,000 rows. Subscribed rows need a consent source (column or the `consent_source` field). Follow it with GET /v1/email/contacts/imports/{id}.',
    tag,
    scope: 'email:write',
    upload: {
      field: 'file',
      maxBytes: MAX_CONTACT_IMPORT_BYTES,
      fields: contactImportFieldsValidator,
    },
    responses: { 202: { description: 'Accepted and queued', schema: schemas.contactImport } },
  })
  router.get('/email/contacts/imports/:id', [ContactImports, 'show']).openapi({
    operationId: 'email.contact_imports.show',
    summary: 'Progress of a contacts CSV import (rows done, created, updated, failed with reasons)',
    tag,
    scope: 'email:read',
    params: idParams,
    responses: { 200: { description: 'The import', schema: schemas.contactImport } },
  })
  router.get('/email/contacts/:id', [Contacts, 'show']).openapi({
    operationId: 'email.contacts.show',
    summary: 'One contact',
    tag,
    scope: 'email:read',
    params: idParams,
    responses: { 200: { description: 'The contact', schema: schemas.contact } },
  })
  router.patch('/email/contacts/:id', [Contacts, 'update']).openapi({
    operationId: 'email.contacts.update',
    summary: 'Change a contact; `subscription_status: unsubscribed` suppresses the address',
    tag,
    scope: 'email:write',
    params: idParams,
    body: updateContactValidator,
    responses: { 200: { description: 'Updated', schema: schemas.contact } },
  })
  router.delete('/email/contacts/:id', [Contacts, 'destroy']).openapi({
    operationId: 'email.contacts.delete',
    summary: 'Delete a contact and its sends and events (the suppression stays)',
    tag,
    scope: 'email:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  })
  router.post('/email/contacts/:id/confirmation', [Contacts, 'resendConfirmation']).openapi({
    operationId: 'email.contacts.confirmation',
    summary: 'Send the opt-in confirmation mail again (pending contacts)',
    tag,
    scope: 'email:write',
    params: idParams,
    responses: {
      202: { description: 'Queued', schema: schemas.queued },
      409: { description: 'The contact is not pending' },
    },
  })

  router.get('/email/segments', [Segments, 'index']).openapi({
    operationId: 'email.segments.list',
    summary: 'Segments of this workspace, newest first',
    tag,
    scope: 'email:read',
    query: pageQueryValidator,
    responses: { 200: { description: 'A page', schema: schemas.segmentPage } },
  })
  router.post('/email/segments', [Segments, 'store']).openapi({
    operationId: 'email.segments.create',
    summary: 'Create a segment',
    tag,
    scope: 'email:write',
    body: createSegmentValidator,
    responses: { 201: { description: 'Created', schema: schemas.segment } },
  })
  router.get('/email/segments/:id', [Segments, 'show']).openapi({
    operationId: 'email.segments.show',
    summary: 'One segment',
    tag,
    scope: 'email:read',
    params: idParams,
    responses: { 200: { description: 'Found', schema: schemas.segment } },
  })
  router.patch('/email/segments/:id', [Segments, 'update']).openapi({
    operationId: 'email.segments.update',
    summary: 'Change a segment',
    tag,
    scope: 'email:write',
    params: idParams,
    body: updateSegmentValidator,
    responses: { 200: { description: 'Updated', schema: schemas.segment } },
  })
  router.delete('/email/segments/:id', [Segments, 'destroy']).openapi({
    operationId: 'email.segments.delete',
    summary: 'Delete a segment',
    tag,
    scope: 'email:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'In use' } },
  })
  router.get('/email/segments/:id/contacts', [Segments, 'contacts']).openapi({
    operationId: 'email.segments.contacts',
    summary: 'The subscribed, unsuppressed contacts the segment reaches now, and their count',
    tag,
    scope: 'email:read',
    params: idParams,
    query: pageQueryValidator,
    responses: { 200: { description: 'A page and the total', schema: schemas.segmentContacts } },
  })

  router.get('/email/automations', [Automations, 'index']).openapi({
    operationId: 'email.automations.list',
    summary: 'Automation rules of this workspace, newest first',
    tag,
    scope: 'email:read',
    query: pageQueryValidator,
    responses: { 200: { description: 'A page', schema: schemas.automationPage } },
  })
  router.post('/email/automations', [Automations, 'store']).openapi({
    operationId: 'email.automations.create',
    summary: 'Create an automation: a trigger and a sequence of steps',
    description:
      'Triggers: `tag_added` {tag}, `lead_created` {source?}, `form_submitted` {source?}, `lead_score_threshold` {threshold}, `date` {at, segment_id}. Steps (`action_config.steps`): `wait` {duration_seconds | until}, `send_template` {template_id, subject?}, `branch_clicked` {step, within_seconds, if_clicked?, if_not_clicked?}, `add_tag` {tag}. See the email guide, "Automations".',
    tag,
    scope: 'email:write',
    body: createAutomationValidator,
    responses: { 201: { description: 'Created', schema: schemas.automation } },
  })
  router.get('/email/automations/:id', [Automations, 'show']).openapi({
    operationId: 'email.automations.show',
    summary: 'One automation rule',
    tag,
    scope: 'email:read',
    params: idParams,
    responses: { 200: { description: 'Found', schema: schemas.automation } },
  })
  router.patch('/email/automations/:id', [Automations, 'update']).openapi({
    operationId: 'email.automations.update',
    summary: 'Change an automation (running enrollments go on with the new steps)',
    tag,
    scope: 'email:write',
    params: idParams,
    body: updateAutomationValidator,
    responses: { 200: { description: 'Updated', schema: schemas.automation } },
  })
  router.delete('/email/automations/:id', [Automations, 'destroy']).openapi({
    operationId: 'email.automations.delete',
    summary: 'Delete an automation with its enrollments',
    tag,
    scope: 'email:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  })
  router.post('/email/automations/:id/pause', [Automations, 'pause']).openapi({
    operationId: 'email.automations.pause',
    summary: 'Pause an automation: no new enrollments, running ones hold at their next step',
    tag,
    scope: 'email:write',
    params: idParams,
    responses: { 200: { description: 'Paused', schema: schemas.automation } },
  })
  router.post('/email/automations/:id/resume', [Automations, 'resume']).openapi({
    operationId: 'email.automations.resume',
    summary: 'Resume a paused automation (events from now on; held enrollments go on)',
    tag,
    scope: 'email:write',
    params: idParams,
    responses: { 200: { description: 'Active', schema: schemas.automation } },
  })
  router.get('/email/automations/:id/enrollments', [Automations, 'enrollments']).openapi({
    operationId: 'email.automations.enrollments',
    summary: 'Contacts an automation enrolled, newest first, by status',
    tag,
    scope: 'email:read',
    params: idParams,
    query: listEnrollmentsValidator,
    responses: { 200: { description: 'A page', schema: schemas.enrollmentPage } },
  })

  router.get('/email/campaigns', [Campaigns, 'index']).openapi({
    operationId: 'email.campaigns.list',
    summary: 'Campaigns of this workspace, newest first',
    tag,
    scope: 'email:read',
    query: pageQueryValidator,
    responses: { 200: { description: 'A page', schema: schemas.campaignPage } },
  })
  router.post('/email/campaigns', [Campaigns, 'store']).openapi({
    operationId: 'email.campaigns.create',
    summary: 'Create a campaign',
    tag,
    scope: 'email:write',
    body: createCampaignValidator,
    responses: { 201: { description: 'Created', schema: schemas.campaign } },
  })
  router.get('/email/campaigns/:id', [Campaigns, 'show']).openapi({
    operationId: 'email.campaigns.show',
    summary: 'One campaign',
    tag,
    scope: 'email:read',
    params: idParams,
    responses: { 200: { description: 'Found', schema: schemas.campaign } },
  })
  router.patch('/email/campaigns/:id', [Campaigns, 'update']).openapi({
    operationId: 'email.campaigns.update',
    summary: 'Change a campaign',
    tag,
    scope: 'email:write',
    params: idParams,
    body: updateCampaignValidator,
    responses: { 200: { description: 'Updated', schema: schemas.campaign } },
  })
  router.delete('/email/campaigns/:id', [Campaigns, 'destroy']).openapi({
    operationId: 'email.campaigns.delete',
    summary: 'Delete a campaign',
    tag,
    scope: 'email:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'In use' } },
  })
  router.post('/email/campaigns/:id/send', [Campaigns, 'send']).openapi({
    operationId: 'email.campaigns.send',
    summary: 'Send a draft campaign to its segment now (or at `scheduled_for`)',
    tag,
    scope: 'email:write',
    params: idParams,
    responses: {
      202: { description: 'Sending (or scheduled)', schema: schemas.campaign },
      409: { description: 'Not a draft' },
    },
  })

  router.get('/email/suppressions', [Suppressions, 'index']).openapi({
    operationId: 'email.suppressions.list',
    summary: 'Suppressed addresses, newest first',
    tag,
    scope: 'email:read',
    query: pageQueryValidator,
    responses: { 200: { description: 'A page', schema: schemas.suppressionPage } },
  })
  router.post('/email/suppressions', [Suppressions, 'store']).openapi({
    operationId: 'email.suppressions.create',
    summary: 'Suppress an address by hand',
    tag,
    scope: 'email:write',
    body: createSuppressionValidator,
    responses: {
      201: { description: 'Suppressed', schema: schemas.suppression },
      409: { description: 'Already suppressed' },
    },
  })
  router.delete('/email/suppressions/:id', [Suppressions, 'destroy']).openapi({
    operationId: 'email.suppressions.delete',
    summary: 'Remove an address from the list (admins)',
    tag,
    scope: 'email:write',
    params: idParams,
    responses: { 204: { description: 'Removed' }, 403: { description: 'Not an admin' } },
  })
}
