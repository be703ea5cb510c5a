import { defineSchema } from '#sdk'
import { senderIdentityResource } from '../services/sender_identity_resource.js'

/** OpenAPI schemas of the mail routes. */
export const mailSchemas = {
  senderIdentity: senderIdentityResource.schema,
  queued: defineSchema('MailQueued', {
    type: 'object',
    required: ['status', 'to'],
    properties: {
      status: { type: 'string', const: 'queued' },
      to: { type: 'string', format: 'email' },
    },
  }),
  devOutbox: defineSchema('MailDevOutbox', {
    type: 'object',
    required: ['data'],
    properties: {
      data: {
        type: 'array',
        items: {
          type: 'object',
          required: [
            'id',
            'workspace_id',
            'message_id',
            'recipient',
            'subject',
            'source',
            'created_at',
          ],
          properties: {
            id: { type: 'string', format: 'uuid' },
            workspace_id: { type: ['string', 'null'], format: 'uuid' },
            message_id: { type: 'string' },
            recipient: { type: 'string' },
            subject: { type: 'string' },
            source: { type: 'string', description: 'The complete RFC 5322 message' },
            created_at: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
  }),
}
