import type { HttpContext } from '@adonisjs/core/http'
import { randomUUID } from 'node:crypto'
import { enqueue, idParam, Problem } from '#sdk'
import { findCampaign } from '#plugins/campaigns/services/index'
import {
  createEntryValidator,
  generateMonthValidator,
  listEntriesValidator,
  rangeValidator,
  transitionValidator,
  updateEntryValidator,
} from '../validators/calendar_entry_validator.js'
import { isTimeZone } from '../services/recurrence.js'
import {
  createEntry,
  deleteEntry,
  entriesInRange,
  findEntry,
  listEntries,
  transitionEntry,
  updateEntry,
} from '../services/calendar_service.js'

/** Content calendar entries: CRUD, the status machine and the month/week views. */
export default class CalendarEntriesController {
  /** A page of entries, newest first. */
  async index({ request }: HttpContext) {
    return listEntries(await listEntriesValidator.validate(request.qs()))
  }

  /** The occurrences in a range (month, week or from/to), recurrences expanded. */
  async range({ request }: HttpContext) {
    return entriesInRange(await rangeValidator.validate(request.qs()))
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createEntryValidator)
    response.status(201)
    return createEntry(input)
  }

  async show({ params }: HttpContext) {
    const entry = await findEntry(idParam(params, 'Calendar entry'))
    if (!entry) throw Problem.notFound('Calendar entry')
    return entry
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Calendar entry')
    const input = await request.validateUsing(updateEntryValidator)
    const entry = await updateEntry(id, input)
    if (!entry) throw Problem.notFound('Calendar entry')
    return entry
  }

  /** Moves an entry through the status machine (409 for a refused transition). */
  async transition({ params, request }: HttpContext) {
    const id = idParam(params, 'Calendar entry')
    const { status } = await request.validateUsing(transitionValidator)
    const entry = await transitionEntry(id, status)
    if (!entry) throw Problem.notFound('Calendar entry')
    return entry
  }

  /**
   * Queues the drafting of a month of entries from a brief (the
   * `content/generate_month` job); the drafts carry the generation id.
   */
  async generate({ request, response }: HttpContext) {
    const input = await request.validateUsing(generateMonthValidator)
    if (input.time_zone && !isTimeZone(input.time_zone)) {
      throw Problem.invalidField('time_zone', 'Unknown IANA time zone', 'time_zone')
    }
    if (input.campaign_id) {
      await findCampaign(input.campaign_id).catch(() => {
        throw Problem.invalidField('campaign_id', 'No such campaign in this workspace', 'exists')
      })
    }
    const generationId = randomUUID()
    await enqueue(
      'content/generate_month',
      { ...input, generation_id: generationId },
      { jobKey: `content_generate_month:${generationId}`, maxAttempts: 3 }
    )
    response.status(202)
    return { generation_id: generationId, status: 'queued' }
  }

  async destroy({ params, response }: HttpContext) {
    if (!(await deleteEntry(idParam(params, 'Calendar entry')))) {
      throw Problem.notFound('Calendar entry')
    }
    response.status(204)
  }
}
