import { defineSchema, pageOf } from '#sdk'
import { templateResource } from '../services/template_resource.js'
import { contactResource } from '../services/contact_resource.js'
import { segmentResource } from '../services/segment_resource.js'
import { campaignResource } from '../services/campaign_resource.js'
import { suppressionResource } from '../services/suppression_resource.js'
import { contactImportResource } from '../services/contact_import_resource.js'
import { automationResource, enrollmentResource } from '../services/automation_resource.js'

/** A template. */
export const template = templateResource.schema
/** A page of templates. */
export const templatePage = pageOf('EmailTemplatePage', template)
/** A contact. */
export const contact = contactResource.schema
/** A page of contacts. */
export const contactPage = pageOf('EmailContactPage', contact)
/** A segment. */
export const segment = segmentResource.schema
/** A page of segments. */
export const segmentPage = pageOf('EmailSegmentPage', segment)
/** A campaign with its statistics. */
export const campaign = campaignResource.schema
/** A page of campaigns. */
export const campaignPage = pageOf('EmailCampaignPage', campaign)
/** A suppressed address. */
export const suppression = suppressionResource.schema
/** A page of suppressed addresses. */
export const suppressionPage = pageOf('EmailSuppressionPage', suppression)

/** The contacts a segment reaches now, one page, and how many in all. */
export const segmentContacts = defineSchema('EmailSegmentContacts', {
  type: 'object',
  required: ['data', 'next_cursor', 'total'],
  properties: {
    data: { type: 'array', items: contact },
    next_cursor: { type: ['string', 'null'] },
    total: { type: 'integer' },
  },
})

/** A rendered template. */
export const rendered = defineSchema('EmailRendered', {
  type: 'object',
  required: ['subject', 'html', 'text'],
  properties: {
    subject: { type: 'string' },
    html: { type: 'string' },
    text: {
      type: 'string',
      description: 'The plain-text part (generated from the HTML when the template has none)',
    },
  },
})

/** A queued message. */
export const queued = defineSchema('EmailQueued', {
  type: 'object',
  required: ['status', 'to'],
  properties: {
    status: { type: 'string', const: 'queued' },
    to: { type: 'string', format: 'email' },
  },
})

/** The outcome of an import from leads. */
export const leadImport = defineSchema('EmailLeadImport', {
  type: 'object',
  required: ['leads_considered', 'contacts_created'],
  properties: {
    leads_considered: {
      type: 'integer',
      description: 'Leads with marketing consent and an address',
    },
    contacts_created: { type: 'integer' },
  },
})

/** What recording inbound bounces did, one entry per bounced recipient. */
export const bounceOutcomes = defineSchema('EmailBounceOutcomes', {
  type: 'object',
  required: ['bounces'],
  properties: {
    bounces: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'recipient',
          'kind',
          'status',
          'send_id',
          'contact_id',
          'suppressed',
          'duplicate',
        ],
        properties: {
          recipient: { type: 'string' },
          kind: { type: 'string', enum: ['hard', 'soft'] },
          status: { type: ['string', 'null'], description: 'RFC 3463 status, e.g. 5.1.1' },
          send_id: {
            type: ['string', 'null'],
            format: 'uuid',
            description: 'The send ledger row the bounced Message-ID names',
          },
          contact_id: { type: ['string', 'null'], format: 'uuid' },
          suppressed: { type: 'boolean', description: 'The address is now suppressed' },
          duplicate: {
            type: 'boolean',
            description: 'This report was recorded before (a repeated delivery): nothing changed',
          },
        },
      },
    },
  },
})

/** What recording complaints did. */
export const complaintOutcomes = defineSchema('EmailComplaintOutcomes', {
  type: 'object',
  required: ['complaints'],
  properties: {
    complaints: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'recipient',
          'feedback_type',
          'send_id',
          'contact_id',
          'suppressed',
          'duplicate',
        ],
        properties: {
          recipient: {
            type: ['string', 'null'],
            description: 'The complaining address; null when the report redacted it',
          },
          feedback_type: {
            type: 'string',
            description: 'RFC 5965 Feedback-Type: abuse, fraud, virus, other or not-spam',
          },
          send_id: {
            type: ['string', 'null'],
            format: 'uuid',
            description: 'The send ledger row the reported Message-ID names',
          },
          contact_id: { type: ['string', 'null'], format: 'uuid' },
          suppressed: {
            type: 'boolean',
            description: 'The address is now suppressed (false for not-spam)',
          },
          duplicate: {
            type: 'boolean',
            description: 'This report was recorded before (a repeated delivery): nothing changed',
          },
        },
      },
    },
  },
})

/** The workspace's signed inbound bounce addresses (give them to the relay or provider). */
export const bounceEndpoints = defineSchema('EmailBounceEndpoints', {
  type: 'object',
  required: [
    'dsn_url',
    'webhook_url',
    'feedback_report_url',
    'complaint_webhook_url',
    'expires_at',
  ],
  properties: {
    dsn_url: {
      type: 'string',
      description: 'POST delivery status notifications here, raw, as message/rfc822',
    },
    webhook_url: { type: 'string', description: 'POST provider bounce JSON here' },
    feedback_report_url: {
      type: 'string',
      description: 'POST feedback-loop reports (RFC 5965, ARF) here, raw, as message/rfc822',
    },
    complaint_webhook_url: { type: 'string', description: 'POST provider complaint JSON here' },
    expires_at: { type: 'string', format: 'date-time' },
  },
})

/** A contacts CSV import and its progress. */
export const contactImport = contactImportResource.schema

/** An automation rule: trigger and steps. */
export const automation = automationResource.schema
/** A page of automation rules. */
export const automationPage = pageOf('EmailAutomationPage', automation)
/** An enrollment of a contact in an automation. */
export const enrollment = enrollmentResource.schema
/** A page of enrollments. */
export const enrollmentPage = pageOf('EmailAutomationEnrollmentPage', enrollment)
