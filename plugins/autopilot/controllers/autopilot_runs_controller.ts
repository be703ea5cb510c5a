import type { HttpContext } from '@adonisjs/core/http'
import { Problem, enqueue, idParam, keysetPage, NEWEST_FIRST, requireCurrentRole } from '#sdk'
import { listRunsValidator, triggerRunValidator } from '../validators/autopilot_validator.js'
import { requireConfig } from '../services/config_service.js'
import { runResource } from '../services/run_resource.js'
import { lastFullWeekStart, utcToday } from '../services/dates.js'

/**
 * Runs of the autopilot: the manual triggers (the seed's
 * `trigger_autopilot_orchestration()` and `trigger_weekly_report_generation()`)
 * and the run history with each run's steps and outcome.
 */
export default class AutopilotRunsController {
  /** A page of runs, newest first. */
  async index({ request }: HttpContext) {
    const filters = await listRunsValidator.validate(request.qs())
    const query = runResource.query()
    if (filters.kind) query.where('kind', filters.kind)
    return keysetPage(query, { limit: filters.limit, cursor: filters.cursor, ...NEWEST_FIRST })
  }

  /** One run. */
  async show({ params }: HttpContext) {
    const run = await runResource.query().where('id', idParam(params, 'Run')).first()
    if (!run) throw Problem.notFound('Run')
    return run
  }

  /**
   * Queues a daily run (for `run_date`, default today) or a weekly report (for
   * `week_start`, default the last full week). The job key makes a second
   * trigger while one is queued a no-op, and the run row makes a day run once.
   */
  async store({ request, response }: HttpContext) {
    requireCurrentRole('admin')
    const input = await request.validateUsing(triggerRunValidator)
    const config = await requireConfig()
    if (!config.is_active) {
      throw Problem.conflict('The autopilot is inactive (kill switch): set is_active to true first')
    }
    const today = utcToday()
    let date: string
    let task: string
    let jobKey: string
    if (input.kind === 'daily') {
      date = input.run_date ?? today
      if (date > today)
        throw Problem.invalidField('run_date', 'run_date must not be in the future', 'before')
      task = 'autopilot/daily_run'
      jobKey = `autopilot_daily:${date}`
    } else {
      date = input.week_start ?? lastFullWeekStart(today)
      if (new Date(`${date}T00:00:00Z`).getUTCDay() !== 1) {
        throw Problem.invalidField('week_start', 'week_start must be a Monday', 'monday')
      }
      if (date > today)
        throw Problem.invalidField('week_start', 'week_start must not be in the future', 'before')
      task = 'autopilot/weekly_report'
      jobKey = `autopilot_weekly:${date}`
    }
    const payload = input.kind === 'daily' ? { run_date: date } : { week_start: date }
    const job = await enqueue(task, payload, { jobKey })
    response.status(202)
    return { task, job_id: job.id, kind: input.kind, date }
  }
}
