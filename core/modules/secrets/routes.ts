import router from '@adonisjs/core/services/router'
import { secretSchemas } from './openapi/secret_schemas.js'
import { pageQueryValidator } from '#sdk'
import { putSecretValidator, secretAuditQueryValidator } from './validators/secret_validator.js'

const SecretsController = () => import('./controllers/secrets_controller.js')

const serviceParams = { service_name: { type: 'string', pattern: '^[a-z][a-z0-9_.-]{0,63}$' } }

/** The secrets vault: the caller's own encrypted secrets in the current workspace. */
export default function registerSecretRoutes() {
  router.group(() => {
    router.get('/secrets', [SecretsController, 'index']).openapi({
      operationId: 'core.secrets.list',
      summary: 'Your secrets in this workspace (metadata only, never the values)',
      tag: 'Secrets',
      scope: 'secrets:read',
      query: pageQueryValidator,
      responses: { 200: { description: 'A page of secrets', schema: secretSchemas.secretPage } },
    })
    router.get('/secrets/audit', [SecretsController, 'audit']).openapi({
      operationId: 'core.secrets.audit',
      summary: 'Audit trail of your secrets (every create, read, update, delete and reveal)',
      tag: 'Secrets',
      scope: 'secrets:read',
      query: secretAuditQueryValidator,
      responses: {
        200: {
          description: 'A page of audit entries, newest first',
          schema: secretSchemas.secretAuditPage,
        },
      },
    })
    router.put('/secrets/:service_name', [SecretsController, 'update']).openapi({
      operationId: 'core.secrets.put',
      summary: 'Store or replace the secret for a service (the value is write-only)',
      tag: 'Secrets',
      scope: 'secrets:write',
      params: serviceParams,
      body: putSecretValidator,
      responses: {
        200: { description: 'Replaced', schema: secretSchemas.Secret },
        201: { description: 'Created', schema: secretSchemas.Secret },
      },
    })
    router.delete('/secrets/:service_name', [SecretsController, 'destroy']).openapi({
      operationId: 'core.secrets.delete',
      summary: 'Delete the secret for a service',
      tag: 'Secrets',
      scope: 'secrets:write',
      params: serviceParams,
      responses: { 204: { description: 'Deleted' } },
    })
  })
}
