import vine from '@vinejs/vine'
import { isoTimestamp } from '#sdk'
import { SUBSCRIPTION_STATUSES } from '../services/contact_resource.js'

const name = () => vine.string().trim().minLength(1).maxLength(200)
const email = () => vine.string().trim().email().maxLength(254)
const tag = () => vine.string().trim().minLength(1).maxLength(50)
const metadata = () => vine.record(vine.any())

/** Body of POST /v1/email/templates. */
export const createTemplateValidator = vine.create({
  name: name(),
  subject_line: vine.string().trim().minLength(1).maxLength(998),
  /** MJML source (compiled to responsive HTML); or give html_content directly. */
  mjml_content: vine.string().maxLength(200_000).optional().requiredIfMissing('html_content'),
  html_content: vine.string().maxLength(500_000).optional(),
  plain_text: vine.string().maxLength(200_000).nullable().optional(),
  metadata: metadata().optional(),
})

/** Body of PATCH /v1/email/templates/:id. */
export const updateTemplateValidator = vine.create({
  name: name().optional(),
  subject_line: vine.string().trim().minLength(1).maxLength(998).optional(),
  mjml_content: vine.string().maxLength(200_000).optional(),
  html_content: vine.string().maxLength(500_000).optional(),
  plain_text: vine.string().maxLength(200_000).nullable().optional(),
  metadata: metadata().optional(),
})

/** Body of POST /v1/email/templates/:id/preview and …/test. */
export const previewTemplateValidator = vine.create({
  /** Merge-field values; a contact's own values when contact_id is given. */
  values: vine.record(vine.any()).optional(),
  contact_id: vine.string().uuid().optional(),
  /** Test send only: where to send it (default: the caller). */
  to: email().optional(),
})

/** Body of POST /v1/email/contacts. */
export const createContactValidator = vine.create({
  email: email(),
  name: name().nullable().optional(),
  company: name().nullable().optional(),
  tags: vine.array(tag()).maxLength(50).optional(),
  metadata: metadata().optional(),
  /** Where the consent came from (form, event, ...): required, contacts need consent. */
  consent_source: vine.string().trim().minLength(1).maxLength(200),
  /** Send a confirmation mail first; the contact is `pending` until it is confirmed. */
  double_opt_in: vine.boolean().optional(),
})

/** Body of PATCH /v1/email/contacts/:id. */
export const updateContactValidator = vine.create({
  name: name().nullable().optional(),
  company: name().nullable().optional(),
  tags: vine.array(tag()).maxLength(50).optional(),
  metadata: metadata().optional(),
  /** Only `unsubscribed` may be set by hand (re-subscribing needs a new opt-in). */
  subscription_status: vine.enum(['unsubscribed'] as const).optional(),
})

/** Query of GET /v1/email/contacts. */
export const listContactsValidator = vine.create({
  limit: vine.number().withoutDecimals().range([1, 200]).optional(),
  cursor: vine.string().maxLength(500).optional(),
  subscription_status: vine.enum(SUBSCRIPTION_STATUSES).optional(),
  tag: tag().optional(),
})

/** Body of POST /v1/email/contacts/import-leads. */
export const importLeadsValidator = vine.create({
  /** Only leads with all these tags. */
  tags: vine.array(tag()).maxLength(20).optional(),
  /** Tags given to the created contacts. */
  add_tags: vine.array(tag()).maxLength(20).optional(),
  double_opt_in: vine.boolean().optional(),
})

const segmentConditions = () =>
  vine.object({
    tags_any: vine.array(tag()).maxLength(50).optional(),
    tags_all: vine.array(tag()).maxLength(50).optional(),
    tags_none: vine.array(tag()).maxLength(50).optional(),
    company: vine.string().trim().maxLength(200).optional(),
    email_domain: vine.string().trim().toLowerCase().maxLength(253).optional(),
    created_after: isoTimestamp().optional(),
    created_before: isoTimestamp().optional(),
    from_leads: vine.boolean().optional(),
    /** metadata values that must match exactly (as text). */
    metadata_equals: vine.record(vine.string().maxLength(200)).optional(),
  })

/** Body of POST /v1/email/segments. */
export const createSegmentValidator = vine.create({
  name: name(),
  conditions: segmentConditions(),
})

/** Body of PATCH /v1/email/segments/:id. */
export const updateSegmentValidator = vine.create({
  name: name().optional(),
  conditions: segmentConditions().optional(),
})

/** Body of POST /v1/email/campaigns. */
export const createCampaignValidator = vine.create({
  name: name(),
  template_id: vine.string().uuid(),
  segment_id: vine.string().uuid(),
  subject_line: vine.string().trim().minLength(1).maxLength(998).nullable().optional(),
  scheduled_for: isoTimestamp().nullable().optional(),
  /** Open pixel and click redirects (default true). */
  tracking: vine.boolean().optional(),
  metadata: metadata().optional(),
})

/** Body of PATCH /v1/email/campaigns/:id (drafts only). */
export const updateCampaignValidator = vine.create({
  name: name().optional(),
  template_id: vine.string().uuid().optional(),
  segment_id: vine.string().uuid().optional(),
  subject_line: vine.string().trim().minLength(1).maxLength(998).nullable().optional(),
  scheduled_for: isoTimestamp().nullable().optional(),
  /** Open pixel and click redirects (default true). */
  tracking: vine.boolean().optional(),
  metadata: metadata().optional(),
})

/** Body of POST /v1/email/suppressions. */
export const createSuppressionValidator = vine.create({
  email: email(),
})

/** Query of the public link routes (signed). */
export const signedLinkValidator = vine.create({
  expires: vine.string().maxLength(20),
  signature: vine.string().maxLength(200),
})

/** Query of the click redirect: the signed link plus its target. */
export const clickLinkValidator = vine.create({
  u: vine.string().maxLength(2000),
  expires: vine.string().maxLength(20),
  signature: vine.string().maxLength(200),
})

/**
 * Body of POST /v1/email/bounces/webhook/{workspaceId}: one bounce as a
 * provider reports it. `type` wins; else `status` (5.x.x hard, 4.x.x soft);
 * else the SMTP code in `diagnostic`. `event_id`, the provider's id of the
 * report, lets a retried delivery be recognised.
 */
export const bounceWebhookValidator = vine.create({
  recipient: email(),
  type: vine.enum(['hard', 'soft'] as const).optional(),
  status: vine
    .string()
    .trim()
    .regex(/^[245]\.\d{1,3}\.\d{1,3}$/)
    .optional(),
  diagnostic: vine.string().trim().maxLength(1000).optional(),
  message_id: vine.string().trim().maxLength(998).optional(),
  event_id: vine.string().trim().minLength(1).maxLength(200).optional(),
})

/**
 * Body of POST /v1/email/complaints/webhook/{workspaceId}: one spam complaint
 * as a provider reports it (RFC 5965 feedback types; `abuse` when not given).
 */
export const complaintWebhookValidator = vine.create({
  recipient: email(),
  feedback_type: vine.enum(['abuse', 'fraud', 'virus', 'other', 'not-spam'] as const).optional(),
  message_id: vine.string().trim().maxLength(998).optional(),
  event_id: vine.string().trim().minLength(1).maxLength(200).optional(),
})

/** Form fields of POST /v1/email/contacts/imports (beside the file). */
export const contactImportFieldsValidator = vine.create({
  consent_source: vine.string().trim().minLength(1).maxLength(200).optional(),
  add_tags: vine.string().trim().maxLength(2600).optional(),
})
