import { defineSchema, pageOf } from '#sdk'
import { apiKeyResource } from '../services/api_key_resource.js'
import { invitationResource } from '../services/invitation_resource.js'
import { memberResource } from '../services/member_resource.js'
import { userResource } from '../services/user_resource.js'

const uuid = { type: 'string', format: 'uuid' }
const timestamp = { type: 'string', format: 'date-time' }
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' }
const role = { type: 'string', enum: ['owner', 'admin', 'member', 'viewer'] }

/** Response schemas of the platform's own resources (OpenAPI components). */
export const schemas = {
  User: userResource.schema,
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
  Member: memberResource.schema,
  Invitation: invitationResource.schema,
  ApiKey: apiKeyResource.schema,
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
  mailQueued: defineSchema('AccountMailQueued', {
    type: 'object',
    required: ['status'],
    properties: {
      status: { type: 'string', const: 'queued' },
      to: {
        type: 'string',
        format: 'email',
        description: 'Where the mail goes (signed-in routes only)',
      },
    },
  }),
  emailVerified: defineSchema('EmailVerified', {
    type: 'object',
    required: ['status', 'email', 'email_verified_at'],
    properties: {
      status: { type: 'string', const: 'verified' },
      email: { type: 'string', format: 'email' },
      email_verified_at: timestamp,
    },
  }),
}
