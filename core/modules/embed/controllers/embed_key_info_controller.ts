import type { HttpContext } from '@adonisjs/core/http'

/**
 * What an embedded widget may do with its publishable key: lets an element
 * check its key and origin before it renders.
 */
export default class EmbedKeyInfoController {
  async show({ embedKey }: HttpContext) {
    return { capabilities: embedKey!.capabilities, origin: embedKey!.origin }
  }
}
