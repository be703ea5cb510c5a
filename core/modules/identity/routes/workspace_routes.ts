import router from '@adonisjs/core/services/router'
import { responses, schemas } from '../openapi/identity_schemas.js'
import { pageQueryValidator, uuidParams } from '#sdk'
import {
  acceptInvitationValidator,
  createWorkspaceValidator,
  inviteMemberValidator,
  updateMemberValidator,
  updateWorkspaceValidator,
} from '../validators/workspace_validator.js'
import { createApiKeyValidator } from '../validators/api_key_validator.js'
import { auditQueryValidator } from '../validators/audit_validator.js'

const WorkspacesController = () => import('../controllers/workspaces_controller.js')
const MembersController = () => import('../controllers/workspace_members_controller.js')
const ApiKeysController = () => import('../controllers/api_keys_controller.js')
const AuditLogController = () => import('../controllers/audit_log_controller.js')

const idParams = uuidParams()

/** Workspaces, members, invitations, API keys and the audit log. */
export default function registerWorkspaceRoutes() {
  router.group(() => {
    router.get('/workspaces', [WorkspacesController, 'index']).openapi({
      operationId: 'core.workspaces.list',
      summary: 'Workspaces you can enter (own, member of, agency clients)',
      tag: 'Workspaces',
      scope: 'workspaces:read',
      query: pageQueryValidator,
      responses: {
        200: { description: 'A page of workspaces', schema: responses.workspacePage },
      },
    })
    router.post('/workspaces', [WorkspacesController, 'store']).openapi({
      operationId: 'core.workspaces.create',
      summary:
        'Create a workspace (with parent_id: a client workspace of an agency you administer)',
      description:
        'Needs a user token: API keys are confined to their own workspace and cannot create others.',
      tag: 'Workspaces',
      scope: 'user',
      body: createWorkspaceValidator,
      responses: { 201: { description: 'Created', schema: schemas.Workspace } },
    })
    router.get('/workspaces/:id', [WorkspacesController, 'show']).openapi({
      operationId: 'core.workspaces.show',
      summary: 'One workspace',
      tag: 'Workspaces',
      scope: 'workspaces:read',
      params: idParams,
      responses: { 200: { description: 'The workspace', schema: schemas.Workspace } },
    })
    router.patch('/workspaces/:id', [WorkspacesController, 'update']).openapi({
      operationId: 'core.workspaces.update',
      summary: 'Rename a workspace or change its settings (admins)',
      tag: 'Workspaces',
      scope: 'workspaces:write',
      params: idParams,
      body: updateWorkspaceValidator,
      responses: {
        200: { description: 'Updated', schema: schemas.Workspace },
        403: { description: 'Not an admin of this workspace' },
      },
    })
    router.delete('/workspaces/:id', [WorkspacesController, 'destroy']).openapi({
      operationId: 'core.workspaces.delete',
      summary: 'Delete a workspace and everything in it (owners; not personal workspaces)',
      tag: 'Workspaces',
      scope: 'user',
      params: idParams,
      responses: {
        204: { description: 'Deleted' },
        403: { description: 'Not an owner' },
        409: { description: 'Personal workspaces cannot be deleted' },
      },
    })

    router.get('/workspaces/:id/members', [MembersController, 'index']).openapi({
      operationId: 'core.members.list',
      summary: 'Members of a workspace',
      tag: 'Workspaces',
      scope: 'members:read',
      params: idParams,
      query: pageQueryValidator,
      responses: { 200: { description: 'A page of members', schema: responses.memberPage } },
    })
    router.post('/workspaces/:id/members', [MembersController, 'invite']).openapi({
      operationId: 'core.members.invite',
      summary: 'Invite someone by e-mail (admins); returns the accept token once',
      tag: 'Workspaces',
      scope: 'members:write',
      params: idParams,
      body: inviteMemberValidator,
      responses: {
        201: { description: 'Invitation created', schema: responses.createdInvitation },
        403: { description: 'Not an admin' },
        409: { description: 'An open invitation for this e-mail exists' },
      },
    })
    router.patch('/workspaces/:id/members/:userId', [MembersController, 'update']).openapi({
      operationId: 'core.members.update',
      summary: "Change a member's role (admins; owners for the owner role)",
      tag: 'Workspaces',
      scope: 'members:write',
      params: uuidParams('id', 'userId'),
      body: updateMemberValidator,
      responses: {
        200: { description: 'Updated', schema: schemas.Member },
        403: { description: 'Role too low' },
      },
    })
    router.delete('/workspaces/:id/members/:userId', [MembersController, 'destroy']).openapi({
      operationId: 'core.members.remove',
      summary: 'Remove a member (admins) or leave (yourself)',
      tag: 'Workspaces',
      scope: 'members:write',
      params: uuidParams('id', 'userId'),
      responses: {
        204: { description: 'Removed' },
        403: { description: 'Role too low' },
        409: { description: 'The user a personal workspace belongs to cannot leave it' },
      },
    })
    router.get('/workspaces/:id/invitations', [MembersController, 'invitations']).openapi({
      operationId: 'core.invitations.list',
      summary: 'Invitations of a workspace (admins)',
      tag: 'Workspaces',
      scope: 'members:read',
      params: idParams,
      query: pageQueryValidator,
      responses: {
        200: { description: 'A page of invitations', schema: responses.invitationPage },
      },
    })
    router
      .delete('/workspaces/:id/invitations/:invitationId', [MembersController, 'revokeInvitation'])
      .openapi({
        operationId: 'core.invitations.revoke',
        summary: 'Revoke an open invitation (admins)',
        tag: 'Workspaces',
        scope: 'members:write',
        params: uuidParams('id', 'invitationId'),
        responses: { 204: { description: 'Revoked' } },
      })
    router.post('/invitations/accept', [MembersController, 'accept']).openapi({
      operationId: 'core.invitations.accept',
      summary: 'Accept an invitation sent to your e-mail',
      tag: 'Workspaces',
      scope: 'user',
      body: acceptInvitationValidator,
      responses: { 200: { description: 'Joined', schema: responses.acceptedInvitation } },
    })

    router.get('/api-keys', [ApiKeysController, 'index']).openapi({
      operationId: 'core.api_keys.list',
      summary: 'API keys of the current workspace (admins)',
      tag: 'API keys',
      scope: 'user',
      query: pageQueryValidator,
      responses: {
        200: { description: 'A page of API keys', schema: responses.apiKeyPage },
        403: { description: 'Not an admin' },
      },
    })
    router.post('/api-keys', [ApiKeysController, 'store']).openapi({
      operationId: 'core.api_keys.create',
      summary: 'Create an API key with scopes (admins); the key is shown once',
      tag: 'API keys',
      scope: 'user',
      body: createApiKeyValidator,
      responses: {
        201: { description: 'Created', schema: responses.createdApiKey },
        403: { description: 'Not an admin' },
      },
    })
    router.delete('/api-keys/:id', [ApiKeysController, 'destroy']).openapi({
      operationId: 'core.api_keys.revoke',
      summary: 'Revoke an API key (admins)',
      tag: 'API keys',
      scope: 'user',
      params: idParams,
      responses: { 204: { description: 'Revoked' }, 403: { description: 'Not an admin' } },
    })

    router.get('/audit-log', [AuditLogController, 'index']).openapi({
      operationId: 'core.audit.list',
      summary: 'Audit trail of the current workspace (admins)',
      tag: 'Audit',
      scope: 'audit:read',
      query: auditQueryValidator,
      responses: {
        200: {
          description: 'A page of audit entries, newest first',
          schema: responses.auditPage,
        },
        403: { description: 'Not an admin' },
      },
    })
  })
}
