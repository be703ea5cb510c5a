import { randomUUID } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import { Problem, keysetPage, tenant, idParam } from '#sdk'
import { pageQueryValidator } from '#sdk'
import {
  createWorkspaceValidator,
  updateWorkspaceValidator,
} from '../validators/workspace_validator.js'
import {
  findWorkspace,
  requireWorkspaceRole,
  WORKSPACE_SELECT,
} from '../services/workspace_service.js'

/**
 * Workspaces the caller can enter: their own, those they are a member of, and
 * the client workspaces of agencies they administer.
 */
export default class WorkspacesController {
  async index({ request }: HttpContext) {
    const query = await pageQueryValidator.validate(request.qs())
    const { trx } = tenant()
    return keysetPage(trx.from('workspaces').select(trx.raw(WORKSPACE_SELECT)), {
      ...query,
      keys: [
        { column: 'workspaces.created_at', cast: 'timestamptz' },
        { column: 'workspaces.id', cast: 'uuid' },
      ],
      direction: 'desc',
    })
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createWorkspaceValidator)
    const { trx, userId } = tenant()
    if (input.parent_id) {
      await requireWorkspaceRole(input.parent_id, 'admin')
    }
    const id = randomUUID()
    // No RETURNING: the owner membership that makes the row visible is added by
    // an AFTER trigger, so the new row is read back afterwards.
    await trx
      .insertQuery()
      .table('workspaces')
      .insert({
        id,
        name: input.name,
        parent_id: input.parent_id ?? null,
        settings: JSON.stringify(input.settings ?? {}),
        created_by: userId,
      })
    response.status(201)
    return findWorkspace(id)
  }

  async show({ params }: HttpContext) {
    const id = idParam(params)
    return findWorkspace(id)
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params)
    const input = await request.validateUsing(updateWorkspaceValidator)
    await requireWorkspaceRole(id, 'admin')
    const changes: Record<string, unknown> = {}
    if (input.name !== undefined) changes.name = input.name
    if (input.settings !== undefined) changes.settings = JSON.stringify(input.settings)
    if (Object.keys(changes).length) {
      await tenant().trx.from('workspaces').where('id', id).update(changes)
    }
    return findWorkspace(id)
  }

  async destroy({ params, response }: HttpContext) {
    const id = idParam(params)
    const workspace = await requireWorkspaceRole(id, 'owner')
    if (workspace.is_personal) throw Problem.conflict('A personal workspace cannot be deleted')
    const client = await tenant().trx.from('workspaces').where('parent_id', id).first()
    if (client) {
      throw Problem.conflict('This agency workspace still has client workspaces: delete them first')
    }
    await tenant().trx.from('workspaces').where('id', id).delete()
    response.status(204)
  }
}
