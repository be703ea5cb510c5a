import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import vine from '@vinejs/vine'
import {
  appUrl,
  Problem,
  keysetPage,
  NEWEST_FIRST,
  tenant,
  pageQueryValidator,
  idParam,
  mailConfig,
} from '#sdk'
import { formatMailDate, mailLocale, queueTransactionalMail } from '#modules/mail/services/index'
import {
  acceptInvitationValidator,
  inviteMemberValidator,
  updateMemberValidator,
} from '../validators/workspace_validator.js'
import { findWorkspace, requireWorkspaceRole } from '../services/workspace_service.js'
import { hashInvitationToken, newInvitationToken } from '../services/invitation_token.js'
import { invitationResource } from '../services/invitation_resource.js'
import { memberResource } from '../services/member_resource.js'

const memberParams = vine.create({ id: vine.string().uuid(), userId: vine.string().uuid() })
const invitationParams = vine.create({
  id: vine.string().uuid(),
  invitationId: vine.string().uuid(),
})

/** The members of a workspace (`m`) with their user's e-mail and name (`u`). */
function memberQuery(trx: TransactionClientContract, workspaceId: string) {
  return memberResource
    .query(trx, 'm')
    .join('users as u', 'u.id', 'm.user_id')
    .where('m.workspace_id', workspaceId)
}

/**
 * Members of a workspace and the invitations that add them. Admins invite,
 * change roles and remove members; only owners grant or remove the owner role;
 * anyone may leave; the last owner cannot.
 */
export default class WorkspaceMembersController {
  async index({ params, request }: HttpContext) {
    const id = idParam(params)
    const query = await pageQueryValidator.validate(request.qs())
    await findWorkspace(id)
    const { trx } = tenant()
    return keysetPage(memberQuery(trx, id), {
      ...query,
      keys: [
        { column: 'm.created_at', cast: 'timestamptz' },
        { column: 'm.user_id', cast: 'uuid' },
      ],
      direction: 'asc',
    })
  }

  /**
   * Invites someone by e-mail: the invitation mail (in `locale`) carries the
   * link; the token is also returned once, for hosts that deliver it themselves.
   */
  async invite({ params, request, response }: HttpContext) {
    const id = idParam(params)
    const input = await request.validateUsing(inviteMemberValidator)
    const workspace = await requireWorkspaceRole(id, 'admin')
    const { trx, userId } = tenant()
    // An expired invitation no longer blocks inviting the same person again.
    await trx
      .from('workspace_invitations')
      .where('workspace_id', id)
      .whereRaw('lower(email) = lower(?)', [input.email])
      .whereNull('accepted_at')
      .whereNull('revoked_at')
      .where('expires_at', '<=', new Date())
      .update({ revoked_at: new Date() })
    const { token, hash } = newInvitationToken()
    const expiresAt = new Date(Date.now() + (input.expires_in_days ?? 7) * 86_400_000)
    const [invitation] = await trx
      .insertQuery()
      .table('workspace_invitations')
      .insert({
        workspace_id: id,
        email: input.email,
        role: input.role,
        token_hash: hash,
        invited_by: userId,
        expires_at: expiresAt,
      })
      .returning([...invitationResource.storedColumns])
    const inviter = await trx
      .from('users')
      .select('email', 'full_name')
      .where('id', userId!)
      .first()
    const locale = mailLocale(input.locale, request.header('accept-language'))
    await queueTransactionalMail('invitation', input.email, {
      locale,
      values: {
        workspace_name: workspace.name,
        inviter: inviter?.full_name || inviter?.email || 'A colleague',
        role: input.role,
        link: `${mailConfig.linkBaseUrl}/accept-invitation?token=${encodeURIComponent(token)}`,
        expires_at: formatMailDate(expiresAt, locale),
      },
    })
    response.status(201)
    return {
      invitation,
      token,
      accept_url: `${appUrl}/v1/invitations/accept`,
    }
  }

  async update({ params, request }: HttpContext) {
    const { id, userId } = await memberParams.validate(params).catch(() => {
      throw Problem.notFound('Member')
    })
    const input = await request.validateUsing(updateMemberValidator)
    await requireWorkspaceRole(id, 'admin')
    const { trx } = tenant()
    const member = await trx
      .from('workspace_members')
      .where({ workspace_id: id, user_id: userId })
      .first()
    if (!member) throw Problem.notFound('Member')
    if ((member.role === 'owner' || input.role === 'owner') && !(await isOwner(id))) {
      throw Problem.forbidden('Only owners can grant or change the owner role')
    }
    await trx
      .from('workspace_members')
      .where({ workspace_id: id, user_id: userId })
      .update({ role: input.role })
    return memberQuery(trx, id).where('m.user_id', userId).first()
  }

  async destroy({ params, response }: HttpContext) {
    const { id, userId } = await memberParams.validate(params).catch(() => {
      throw Problem.notFound('Member')
    })
    const { trx, userId: me } = tenant()
    await findWorkspace(id)
    const member = await trx
      .from('workspace_members')
      .where({ workspace_id: id, user_id: userId })
      .first()
    if (!member) throw Problem.notFound('Member')
    if (userId !== me) {
      await requireWorkspaceRole(id, 'admin')
      if (member.role === 'owner' && !(await isOwner(id))) {
        throw Problem.forbidden('Only owners can remove an owner')
      }
    }
    const workspace = await findWorkspace(id)
    if (workspace.is_personal && member.user_id === workspace.created_by) {
      throw Problem.conflict('The user a personal workspace belongs to cannot leave it')
    }
    await trx.from('workspace_members').where({ workspace_id: id, user_id: userId }).delete()
    response.status(204)
  }

  async invitations({ params, request }: HttpContext) {
    const id = idParam(params)
    const query = await pageQueryValidator.validate(request.qs())
    await requireWorkspaceRole(id, 'admin')
    const { trx } = tenant()
    return keysetPage(invitationResource.query(trx).where('workspace_id', id), {
      ...query,
      ...NEWEST_FIRST,
    })
  }

  async revokeInvitation({ params, response }: HttpContext) {
    const { id, invitationId } = await invitationParams.validate(params).catch(() => {
      throw Problem.notFound('Invitation')
    })
    await requireWorkspaceRole(id, 'admin')
    const updated = await tenant()
      .trx.from('workspace_invitations')
      .where({ workspace_id: id, id: invitationId })
      .whereNull('accepted_at')
      .whereNull('revoked_at')
      .update({ revoked_at: new Date() })
    if (!Number(updated)) throw Problem.notFound('Invitation')
    response.status(204)
  }

  /** Accepts an invitation addressed to the caller's e-mail. */
  async accept({ request }: HttpContext) {
    const input = await request.validateUsing(acceptInvitationValidator)
    const result = await tenant().trx.rawQuery('select * from app.accept_invitation(?)', [
      hashInvitationToken(input.token),
    ])
    const row = result.rows[0]
    if (!row) {
      throw Problem.notFound(
        'Invitation (it may have expired, been revoked, or be for another e-mail)'
      )
    }
    return row
  }
}

async function isOwner(workspaceId: string) {
  const result = await tenant().trx.rawQuery("select app.has_role_in(?, 'owner') as owner", [
    workspaceId,
  ])
  return Boolean(result.rows[0]?.owner)
}
