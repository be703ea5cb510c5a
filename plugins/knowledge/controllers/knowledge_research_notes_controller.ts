import type { HttpContext } from '@adonisjs/core/http'
import { Problem, keysetPage, NEWEST_FIRST, tenant, idParam } from '#sdk'
import {
  createNoteValidator,
  listNotesValidator,
  updateNoteValidator,
} from '../validators/research_note_validator.js'
import {
  assertSourceRefsExist,
  createNote,
  findNote,
  noteFromMessage,
} from '../services/research_note_service.js'
import { researchNoteResource, type SourceRef } from '../services/research_note_resource.js'

/**
 * The caller's research notes (private to them): saved answers with their
 * sources, or their own text with source refs; newest first.
 */
export default class KnowledgeResearchNotesController {
  async index({ request }: HttpContext) {
    const query = await listNotesValidator.validate(request.qs())
    const { trx, workspaceId, userId } = tenant()
    const builder = researchNoteResource
      .query(trx)
      .where({ workspace_id: workspaceId!, user_id: userId! })
    if (query.conversation_id) builder.where('conversation_id', query.conversation_id)
    if (query.tag) builder.whereRaw('? = any(tags)', [query.tag.toLowerCase()])
    return keysetPage(builder, { limit: query.limit, cursor: query.cursor, ...NEWEST_FIRST })
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createNoteValidator)
    if (input.message_id && (input.content !== undefined || input.source_refs !== undefined)) {
      throw Problem.invalidField(
        'content',
        'Send either message_id (the answer and its sources are copied) or content, not both',
        'exclusive'
      )
    }
    let note
    if (input.message_id) {
      note = await noteFromMessage(input.message_id, { title: input.title, tags: input.tags })
    } else {
      if (input.content === undefined) {
        throw Problem.invalidField('content', 'content or message_id is required', 'required')
      }
      const sourceRefs: SourceRef[] = (input.source_refs ?? []).map((ref) => ({
        citation: ref.citation ?? null,
        chunk_id: ref.chunk_id ?? null,
        document_id: ref.document_id ?? null,
        document_title: ref.document_title ?? null,
        snippet: ref.snippet ?? null,
      }))
      await assertSourceRefsExist(sourceRefs)
      note = await createNote({
        title: input.title,
        content: input.content,
        sourceRefs,
        tags: input.tags,
      })
    }
    response.status(201)
    return note
  }

  async show({ params }: HttpContext) {
    return findNote(idParam(params, 'Research note'))
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Research note')
    const input = await request.validateUsing(updateNoteValidator)
    const note = await findNote(id)
    const changes = researchNoteResource.values(input, 'update')
    if (!Object.keys(changes).length) return note
    const { trx, workspaceId, userId } = tenant()
    const [updated] = await trx
      .from('research_notes')
      .where({ id, workspace_id: workspaceId!, user_id: userId! })
      .update(changes)
      .returning([...researchNoteResource.columns])
    return updated
  }

  async destroy({ params, response }: HttpContext) {
    const id = idParam(params, 'Research note')
    const { trx, workspaceId, userId } = tenant()
    const deleted = await trx
      .from('research_notes')
      .where({ id, workspace_id: workspaceId!, user_id: userId! })
      .delete()
    if (!Number(deleted)) throw Problem.notFound('Research note')
    response.status(204)
  }
}
