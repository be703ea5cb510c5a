import type { HttpContext } from '@adonisjs/core/http'
import { idParam, keysetPage, tenant } from '#sdk'
import { listVideoJobsValidator } from '../validators/video_project_validator.js'
import { videoJobResource } from '../services/video_project_resource.js'
import { findProject } from '../services/video_project_service.js'

/** The pipeline steps of a project (ai_video_jobs): progress, result and error of each. */
export default class VideoJobsController {
  async index({ params, request }: HttpContext) {
    const id = idParam(params, 'Video project')
    const query = await listVideoJobsValidator.validate(request.qs())
    await findProject(id)
    return keysetPage(videoJobResource.query(tenant().trx).where('project_id', id), {
      ...query,
      keys: [
        { column: 'created_at', cast: 'timestamptz' },
        { column: 'id', cast: 'uuid' },
      ],
      direction: 'asc',
    })
  }
}
