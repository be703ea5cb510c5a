import router from '@adonisjs/core/services/router'
import { embedSchemas } from './openapi/embed_schemas.js'
import { pageQueryValidator, uuidParams } from '#sdk'
import {
  createEmbedKeyValidator,
  updateEmbedKeyValidator,
} from './validators/embed_key_validator.js'

const EmbedKeysController = () => import('./controllers/embed_keys_controller.js')
const EmbedKeyInfoController = () => import('./controllers/embed_key_info_controller.js')

const idParams = uuidParams()

/** Embed keys (workspace admins) and the public key-info route for widgets. */
export default function registerEmbedRoutes() {
  router.group(() => {
    router.get('/embed/keys', [EmbedKeysController, 'index']).openapi({
      operationId: 'core.embed_keys.list',
      summary: 'Publishable embed keys of the current workspace (admins)',
      tag: 'Embed',
      scope: 'user',
      query: pageQueryValidator,
      responses: {
        200: { description: 'A page of embed keys', schema: embedSchemas.embedKeyPage },
        403: { description: 'Not an admin' },
      },
    })
    router.post('/embed/keys', [EmbedKeysController, 'store']).openapi({
      operationId: 'core.embed_keys.create',
      summary: 'Create a publishable embed key with allowed origins and capabilities (admins)',
      tag: 'Embed',
      scope: 'user',
      body: createEmbedKeyValidator,
      responses: {
        201: { description: 'Created', schema: embedSchemas.EmbedKey },
        403: { description: 'Not an admin' },
      },
    })
    router.get('/embed/keys/:id', [EmbedKeysController, 'show']).openapi({
      operationId: 'core.embed_keys.show',
      summary: 'One embed key (admins)',
      tag: 'Embed',
      scope: 'user',
      params: idParams,
      responses: {
        200: { description: 'The embed key', schema: embedSchemas.EmbedKey },
        403: { description: 'Not an admin' },
      },
    })
    router.patch('/embed/keys/:id', [EmbedKeysController, 'update']).openapi({
      operationId: 'core.embed_keys.update',
      summary: 'Change origins, capabilities, rate limit or form definition (admins)',
      tag: 'Embed',
      scope: 'user',
      params: idParams,
      body: updateEmbedKeyValidator,
      responses: {
        200: { description: 'Updated', schema: embedSchemas.EmbedKey },
        403: { description: 'Not an admin' },
        409: { description: 'The key is revoked' },
      },
    })
    router.delete('/embed/keys/:id', [EmbedKeysController, 'destroy']).openapi({
      operationId: 'core.embed_keys.revoke',
      summary: 'Revoke an embed key (admins); widgets using it stop working at once',
      tag: 'Embed',
      scope: 'user',
      params: idParams,
      responses: { 204: { description: 'Revoked' }, 403: { description: 'Not an admin' } },
    })
  })

  router.get('/embed/key', [EmbedKeyInfoController, 'show']).openapi({
    operationId: 'core.embed_keys.info',
    summary: 'What the publishable key of this widget may do, from this origin',
    tag: 'Embed',
    auth: 'embed',
    responses: { 200: { description: 'Key capabilities', schema: embedSchemas.EmbedKeyInfo } },
  })
}
