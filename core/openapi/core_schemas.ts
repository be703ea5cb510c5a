import { defineSchema, pageOf } from '#core/openapi/schema_registry'

const uuid = { type: 'string', format: 'uuid' }
const timestamp = { type: 'string', format: 'date-time' }
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' }
const role = { type: 'string', enum: ['owner', 'admin', 'member', 'viewer'] }

/** Response schemas of the platform's own resources (OpenAPI components). */
export const schemas = {
  User: defineSchema('User', {
    type: 'object',
    required: ['id', 'email', 'full_name', 'personal_workspace_id', 'created_at'],
    properties: {
      id: uuid,
      email: { type: 'string', format: 'email' },
      full_name: { type: ['string', 'null'] },
      user_metadata: { type: 'object' },
      personal_workspace_id: { type: ['string', 'null'], format: 'uuid' },
      created_at: timestamp,
    },
  }),
  Workspace: defineSchema('Workspace', {
    type: 'object',
    required: ['id', 'name', 'parent_id', 'is_personal', 'role', 'created_at', 'updated_at'],
    properties: {
      id: uuid,
      name: { type: 'string' },
      parent_id: { type: ['string', 'null'], format: 'uuid' },
      is_personal: { type: 'boolean' },
      settings: { type: 'object' },
      role: {
        ...role,
        description: "The caller's effective role (agency admins are admins of client workspaces)",
      },
      created_by: { type: ['string', 'null'], format: 'uuid' },
      created_at: timestamp,
      updated_at: timestamp,
    },
  }),
  Member: defineSchema('Member', {
    type: 'object',
    required: ['workspace_id', 'user_id', 'role', 'email', 'created_at'],
    properties: {
      workspace_id: uuid,
      user_id: uuid,
      role,
      email: { type: 'string' },
      full_name: { type: ['string', 'null'] },
      created_at: timestamp,
    },
  }),
  Invitation: defineSchema('Invitation', {
    type: 'object',
    required: ['id', 'workspace_id', 'email', 'role', 'expires_at', 'created_at'],
    properties: {
      id: uuid,
      workspace_id: uuid,
      email: { type: 'string' },
      role: { type: 'string', enum: ['admin', 'member', 'viewer'] },
      invited_by: { type: ['string', 'null'], format: 'uuid' },
      expires_at: timestamp,
      accepted_at: nullableTimestamp,
      revoked_at: nullableTimestamp,
      created_at: timestamp,
    },
  }),
  ApiKey: defineSchema('ApiKey', {
    type: 'object',
    required: ['id', 'workspace_id', 'name', 'scopes', 'hint', 'created_at'],
    properties: {
      id: uuid,
      workspace_id: uuid,
      name: { type: 'string' },
      scopes: { type: 'array', items: { type: 'string' } },
      hint: { type: 'string', description: 'Last characters of the key, to recognise it' },
      created_by: uuid,
      last_used_at: nullableTimestamp,
      expires_at: nullableTimestamp,
      revoked_at: nullableTimestamp,
      created_at: timestamp,
    },
  }),
  Preference: defineSchema('Preference', {
    type: 'object',
    required: [
      'id',
      'workspace_id',
      'user_id',
      'preference_category',
      'preference_data',
      'interface_mode',
    ],
    properties: {
      id: uuid,
      workspace_id: uuid,
      user_id: uuid,
      preference_category: { type: 'string' },
      preference_data: { type: ['object', 'null'] },
      interface_mode: { type: ['string', 'null'], enum: ['simple', 'advanced', null] },
      created_at: nullableTimestamp,
      updated_at: nullableTimestamp,
    },
  }),
  AuditEntry: defineSchema('AuditEntry', {
    type: 'object',
    required: ['id', 'table_name', 'operation', 'occurred_at'],
    properties: {
      id: { type: 'string', description: 'Sequential id (as a string)' },
      workspace_id: { type: ['string', 'null'], format: 'uuid' },
      table_name: { type: 'string' },
      row_id: { type: ['string', 'null'] },
      operation: { type: 'string', enum: ['INSERT', 'UPDATE', 'DELETE'] },
      changed_columns: { type: ['array', 'null'], items: { type: 'string' } },
      actor_id: { type: ['string', 'null'], format: 'uuid' },
      occurred_at: timestamp,
    },
  }),
}

const token = defineSchema('AccessToken', {
  type: 'object',
  required: ['type', 'value', 'expires_at'],
  properties: {
    type: { type: 'string', const: 'bearer' },
    value: { type: 'string', description: 'Shown once: send as `Authorization: Bearer <value>`' },
    expires_at: nullableTimestamp,
  },
})

/** Composite responses (sessions, pages, one-time secrets). */
export const responses = {
  token,
  session: defineSchema('Session', {
    type: 'object',
    required: ['user', 'token'],
    properties: { user: schemas.User, workspace: schemas.Workspace, token },
  }),
  me: defineSchema('Me', {
    type: 'object',
    required: ['user', 'workspace'],
    properties: {
      user: schemas.User,
      workspace: schemas.Workspace,
      via: { type: 'string', enum: ['token', 'api_key'] },
      scopes: { type: 'array', items: { type: 'string' } },
    },
  }),
  workspacePage: pageOf('WorkspacePage', schemas.Workspace),
  memberPage: pageOf('MemberPage', schemas.Member),
  invitationPage: pageOf('InvitationPage', schemas.Invitation),
  apiKeyPage: pageOf('ApiKeyPage', schemas.ApiKey),
  preferencePage: pageOf('PreferencePage', schemas.Preference),
  auditPage: pageOf('AuditPage', schemas.AuditEntry),
  createdInvitation: defineSchema('CreatedInvitation', {
    type: 'object',
    required: ['invitation', 'token'],
    properties: {
      invitation: schemas.Invitation,
      token: { type: 'string', description: 'Shown once: the invitee accepts with it' },
      accept_url: { type: 'string' },
    },
  }),
  acceptedInvitation: defineSchema('AcceptedInvitation', {
    type: 'object',
    required: ['workspace_id', 'role'],
    properties: { workspace_id: uuid, role },
  }),
  createdApiKey: defineSchema('CreatedApiKey', {
    type: 'object',
    required: ['api_key', 'key'],
    properties: {
      api_key: schemas.ApiKey,
      key: { type: 'string', description: 'Shown once: send as `Authorization: Bearer <key>`' },
    },
  }),
  health: defineSchema('Health', {
    type: 'object',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['ok', 'unavailable'] },
      checks: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          required: ['status'],
          properties: {
            status: { type: 'string' },
            detail: { type: 'string' },
            locked: { type: 'integer', description: '`jobs`: jobs locked by a worker now' },
            slow: {
              type: 'integer',
              description:
                '`jobs`: jobs locked longer than `slow_after_seconds` (status `slow`, still ready)',
            },
            stuck: {
              type: 'integer',
              description:
                '`jobs`: jobs held by a dead worker past the reclaim deadline (status `stuck`, not ready)',
            },
            oldest_locked_seconds: { type: ['integer', 'null'] },
            slow_after_seconds: { type: 'integer' },
          },
        },
      },
    },
  }),
  openapi: defineSchema('OpenApiDocument', { type: 'object', description: 'This document' }),
}
