import type { HttpContext } from '@adonisjs/core/http'
import { idParam, Problem } from '#sdk'
import {
  createEntryValidator,
  listEntriesValidator,
  rangeValidator,
  transitionValidator,
  updateEntryValidator,
} from '../validators/calendar_entry_validator.js'
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

  async destroy({ params, response }: HttpContext) {
    if (!(await deleteEntry(idParam(params, 'Calendar entry')))) {
      throw Problem.notFound('Calendar entry')
    }
    response.status(204)
  }
}
