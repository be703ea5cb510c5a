import type { HttpContext } from '@adonisjs/core/http'
import { idParam, pageQueryValidator, Problem } from '#sdk'
import {
  createBrandKitValidator,
  updateBrandKitValidator,
} from '../validators/brand_kit_validator.js'
import {
  activateBrandKit,
  activeBrandKit,
  createBrandKit,
  deleteBrandKit,
  findBrandKit,
  listBrandKits,
  themeCss,
  updateBrandKit,
} from '../services/brand_kit_service.js'

/** Brand kits: CRUD, the active kit and its theme as CSS custom properties. */
export default class BrandKitsController {
  async index({ request }: HttpContext) {
    return listBrandKits(await pageQueryValidator.validate(request.qs()))
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createBrandKitValidator)
    response.status(201)
    return createBrandKit(input)
  }

  async show({ params }: HttpContext) {
    const kit = await findBrandKit(idParam(params, 'Brand kit'))
    if (!kit) throw Problem.notFound('Brand kit')
    return kit
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Brand kit')
    const kit = await updateBrandKit(id, await request.validateUsing(updateBrandKitValidator))
    if (!kit) throw Problem.notFound('Brand kit')
    return kit
  }

  async activate({ params }: HttpContext) {
    const kit = await activateBrandKit(idParam(params, 'Brand kit'))
    if (!kit) throw Problem.notFound('Brand kit')
    return kit
  }

  async destroy({ params, response }: HttpContext) {
    if (!(await deleteBrandKit(idParam(params, 'Brand kit')))) throw Problem.notFound('Brand kit')
    response.status(204)
  }

  /** The workspace's active kit (404 when none is active). */
  async active() {
    const kit = await activeBrandKit()
    if (!kit) throw Problem.notFound('Active brand kit')
    return kit
  }

  /** The active kit as CSS custom properties for the web components. */
  async theme({ response }: HttpContext) {
    response.header('Content-Type', 'text/css; charset=utf-8')
    response.header('Cache-Control', 'private, max-age=60')
    return themeCss(await activeBrandKit())
  }
}
