import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

const url = () =>
  vine
    .string()
    .trim()
    .maxLength(2048)
    .url({ require_protocol: true, protocols: ['http', 'https'], require_tld: false })

const events = () =>
  vine
    .array(vine.string().trim().minLength(1).maxLength(100))
    .minLength(1)
    .maxLength(100)
    .distinct()

/** Body of POST /v1/webhooks; event types are checked against the catalogue. */
export const createWebhookValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(200),
  url: url(),
  events: events(),
  is_active: vine.boolean().optional(),
})

/** Body of PATCH /v1/webhooks/:id; re-enabling resets the failure counters. */
export const updateWebhookValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(200).optional(),
  url: url().optional(),
  events: events().optional(),
  is_active: vine.boolean().optional(),
})

/** Query of GET /v1/webhooks/:id/deliveries. */
export const deliveryQueryValidator = vine.create({
  ...pageQuery,
  status: vine.enum(['pending', 'succeeded', 'failed', 'cancelled'] as const).optional(),
})

/** `:id` and `:deliveryId` of delivery routes; malformed ids are not found. */
export const deliveryParams = vine.create({
  id: vine.string().uuid(),
  deliveryId: vine.string().uuid(),
})
