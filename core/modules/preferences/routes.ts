import router from '@adonisjs/core/services/router'
import { preferenceSchemas } from './openapi/preference_schemas.js'
import { pageQueryValidator } from '#sdk'
import { putPreferenceValidator } from './validators/preference_validator.js'

const PreferencesController = () => import('./controllers/preferences_controller.js')

const categoryParams = { category: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,63}$' } }

/** The caller's preferences in the current workspace (seed table user_preferences). */
export default function registerPreferenceRoutes() {
  router.group(() => {
    router.get('/preferences', [PreferencesController, 'index']).openapi({
      operationId: 'core.preferences.list',
      summary: 'Your preferences in this workspace, by category',
      tag: 'Preferences',
      scope: 'preferences:read',
      query: pageQueryValidator,
      responses: {
        200: { description: 'A page of preferences', schema: preferenceSchemas.preferencePage },
      },
    })
    router.get('/preferences/:category', [PreferencesController, 'show']).openapi({
      operationId: 'core.preferences.show',
      summary: 'Your preferences for one category',
      tag: 'Preferences',
      scope: 'preferences:read',
      params: categoryParams,
      responses: { 200: { description: 'The preferences', schema: preferenceSchemas.Preference } },
    })
    router.put('/preferences/:category', [PreferencesController, 'update']).openapi({
      operationId: 'core.preferences.put',
      summary: 'Create or replace your preferences for one category',
      tag: 'Preferences',
      scope: 'preferences:write',
      params: categoryParams,
      body: putPreferenceValidator,
      responses: {
        200: { description: 'Replaced', schema: preferenceSchemas.Preference },
        201: { description: 'Created', schema: preferenceSchemas.Preference },
      },
    })
    router.delete('/preferences/:category', [PreferencesController, 'destroy']).openapi({
      operationId: 'core.preferences.delete',
      summary: 'Delete your preferences for one category',
      tag: 'Preferences',
      scope: 'preferences:write',
      params: categoryParams,
      responses: { 204: { description: 'Deleted' } },
    })
  })
}
