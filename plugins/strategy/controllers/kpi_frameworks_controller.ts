import type { HttpContext } from '@adonisjs/core/http'
import { idParam, keysetPage, NEWEST_FIRST, Problem } from '#sdk'
import {
  createKpiFrameworkValidator,
  diffValidator,
  editKpiFrameworkValidator,
  evaluationValidator,
  listValidator,
} from '../validators/strategy_validator.js'
import {
  createKpiFramework,
  defaultPeriod,
  deleteKpiFramework,
  editKpiFramework,
  evaluateKpiFramework,
  findKpiFramework,
} from '../services/kpi_framework_service.js'
import { FRAMEWORK_PRESETS, METRIC_CATALOGUE } from '../services/kpi_catalogue.js'
import { kpiFrameworkResource } from '../services/kpi_framework_resource.js'
import { diffVersions, listVersions } from '../services/version_service.js'
import { assertCanWrite } from '../services/access.js'

/** KPI frameworks bound to the metric catalogue, and their evaluation over a period. */
export default class KpiFrameworksController {
  /** The metric catalogue and the presets (what a KPI can be bound to). */
  async catalogue() {
    return {
      metrics: Object.entries(METRIC_CATALOGUE).map(([key, metric]) => ({
        key,
        label: metric.label,
        source: metric.source,
        unit: metric.unit,
        direction: metric.direction,
        description: metric.description,
      })),
      presets: FRAMEWORK_PRESETS,
    }
  }

  async index({ request }: HttpContext) {
    const query = await listValidator.validate(request.qs())
    return keysetPage(kpiFrameworkResource.query(), { ...query, ...NEWEST_FIRST })
  }

  async store({ request, response }: HttpContext) {
    assertCanWrite()
    const input = await request.validateUsing(createKpiFrameworkValidator)
    response.status(201)
    return createKpiFramework(input)
  }

  async show({ params }: HttpContext) {
    return findKpiFramework(idParam(params, 'KPI framework'))
  }

  async update({ params, request }: HttpContext) {
    assertCanWrite()
    const id = idParam(params, 'KPI framework')
    return editKpiFramework(id, await request.validateUsing(editKpiFrameworkValidator))
  }

  /** Current values of every KPI over a period (default: the last 30 days). */
  async evaluation({ params, request }: HttpContext) {
    const id = idParam(params, 'KPI framework')
    const query = await evaluationValidator.validate(request.qs())
    const period = { ...defaultPeriod(), ...query }
    if (period.from > period.to)
      throw Problem.invalidField('to', 'to must not be before from', 'after')
    return evaluateKpiFramework(id, period)
  }

  async versions({ params }: HttpContext) {
    const id = idParam(params, 'KPI framework')
    await findKpiFramework(id)
    return { data: await listVersions('kpi_framework', id) }
  }

  async diff({ params, request }: HttpContext) {
    const id = idParam(params, 'KPI framework')
    const query = await diffValidator.validate(request.qs())
    await findKpiFramework(id)
    return diffVersions('kpi_framework', id, query.from, query.to)
  }

  async destroy({ params, response }: HttpContext) {
    assertCanWrite()
    await deleteKpiFramework(idParam(params, 'KPI framework'))
    response.status(204)
  }
}
