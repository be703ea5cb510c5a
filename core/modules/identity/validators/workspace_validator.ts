import vine from '@vinejs/vine'
import { INVITATION_ROLES } from '../services/invitation_resource.js'

const name = () => vine.string().trim().minLength(1).maxLength(200)
const settings = () => vine.record(vine.any())

/** Body of POST /v1/workspaces (parent_id makes it a client of an agency workspace). */
export const createWorkspaceValidator = vine.create({
  name: name(),
  parent_id: vine.string().uuid().optional(),
  settings: settings().optional(),
})

/** Body of PATCH /v1/workspaces/:id. */
export const updateWorkspaceValidator = vine.create({
  name: name().optional(),
  settings: settings().optional(),
})

/** Body of POST /v1/workspaces/:id/members (sends an invitation). */
export const inviteMemberValidator = vine.create({
  email: vine.string().trim().email().maxLength(254),
  role: vine.enum(INVITATION_ROLES),
  expires_in_days: vine.number().withoutDecimals().range([1, 30]).optional(),
  /** Language of the invitation mail (default: the Accept-Language header, then English). */
  locale: vine.enum(['en', 'fr', 'de'] as const).optional(),
})

/** Body of PATCH /v1/workspaces/:id/members/:userId. */
export const updateMemberValidator = vine.create({
  role: vine.enum(['owner', 'admin', 'member', 'viewer'] as const),
})

/** Body of POST /v1/invitations/accept. */
export const acceptInvitationValidator = vine.create({
  token: vine.string().trim().minLength(20).maxLength(200),
})
