import router from '@adonisjs/core/services/router'
import { embedSchemas } from './openapi/embed_schemas.js'
import { pageQueryValidator, uuidParams } from '#sdk'
import { embedThemeSettingsValidator } from './validators/embed_theme_validator.js'
import {
  createEmbedKeyValidator,
  updateEmbedKeyValidator,
} from './validators/embed_key_validator.js'
import {
  createEmbedSecretKeyValidator,
  endUserQueryValidator,
} from './validators/embed_session_validator.js'

const EmbedKeysController = () => import('./controllers/embed_keys_controller.js')
const EmbedKeyInfoController = () => import('./controllers/embed_key_info_controller.js')
const EmbedThemesController = () => import('./controllers/embed_themes_controller.js')
const EmbedSecretKeysController = () => import('./controllers/embed_secret_keys_controller.js')
const EmbedEndUsersController = () => import('./controllers/embed_end_users_controller.js')
const EmbedSessionController = () => import('./controllers/embed_session_controller.js')

const idParams = uuidParams()

/**
 * Embed keys, secret keys and end users (workspace admins), and the public
 * key-info and session routes for widgets.
 */
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

    router.get('/embed/secret-keys', [EmbedSecretKeysController, 'index']).openapi({
      operationId: 'core.embed_secret_keys.list',
      summary: 'Embed secret keys of the current workspace, without their secrets (admins)',
      tag: 'Embed',
      scope: 'user',
      query: pageQueryValidator,
      responses: {
        200: { description: 'A page of secret keys', schema: embedSchemas.embedSecretKeyPage },
        403: { description: 'Not an admin' },
      },
    })
    router.post('/embed/secret-keys', [EmbedSecretKeysController, 'store']).openapi({
      operationId: 'core.embed_secret_keys.create',
      summary:
        'Create a secret key to sign end-user session tokens; the secret is shown once (admins)',
      description:
        'Keep the secret on your server. Sign HS256 JWTs with it, with the key id as `kid` (see the embed session guide). Rotation: create a new key, switch your backend to it, revoke the old one.',
      tag: 'Embed',
      scope: 'user',
      body: createEmbedSecretKeyValidator,
      responses: {
        201: { description: 'Created', schema: embedSchemas.CreatedEmbedSecretKey },
        403: { description: 'Not an admin' },
      },
    })
    router.delete('/embed/secret-keys/:id', [EmbedSecretKeysController, 'destroy']).openapi({
      operationId: 'core.embed_secret_keys.revoke',
      summary: 'Revoke a secret key (admins); session tokens it signed are refused at once',
      tag: 'Embed',
      scope: 'user',
      params: idParams,
      responses: { 204: { description: 'Revoked' }, 403: { description: 'Not an admin' } },
    })

    router.get('/embed/end-users', [EmbedEndUsersController, 'index']).openapi({
      operationId: 'core.embed_end_users.list',
      summary: 'End users that embed sessions have named, newest first (admins)',
      tag: 'Embed',
      scope: 'user',
      query: endUserQueryValidator,
      responses: {
        200: { description: 'A page of end users', schema: embedSchemas.embedEndUserPage },
        403: { description: 'Not an admin' },
      },
    })
    router.get('/embed/end-users/:id', [EmbedEndUsersController, 'show']).openapi({
      operationId: 'core.embed_end_users.show',
      summary: 'One end user (admins)',
      tag: 'Embed',
      scope: 'user',
      params: idParams,
      responses: {
        200: { description: 'The end user', schema: embedSchemas.EmbedEndUser },
        403: { description: 'Not an admin' },
      },
    })
    router
      .post('/embed/end-users/:id/revoke-sessions', [EmbedEndUsersController, 'revokeSessions'])
      .openapi({
        operationId: 'core.embed_end_users.revoke_sessions',
        summary: 'Refuse every session token of the end user issued until now (admins)',
        tag: 'Embed',
        scope: 'user',
        params: idParams,
        responses: {
          200: { description: 'Revoked', schema: embedSchemas.EmbedEndUser },
          403: { description: 'Not an admin' },
        },
      })
    router.delete('/embed/end-users/:id', [EmbedEndUsersController, 'destroy']).openapi({
      operationId: 'core.embed_end_users.delete',
      summary:
        'Erase an end user: their chat sessions go, their tickets stay without the person (admins)',
      tag: 'Embed',
      scope: 'user',
      params: idParams,
      responses: { 204: { description: 'Erased' }, 403: { description: 'Not an admin' } },
    })
  })

  router.get('/embed/session', [EmbedSessionController, 'show']).openapi({
    operationId: 'core.embed_sessions.show',
    summary: "The end user the widget's session token names, its scopes and expiry",
    description:
      'Send the publishable key and `Authorization: Bearer <session token>`; answers 401 for an expired, forged or revoked token.',
    tag: 'Embed',
    auth: 'embed',
    session: 'required',
    responses: { 200: { description: 'The session', schema: embedSchemas.EmbedSessionInfo } },
  })

  router.get('/embed/theme-settings', [EmbedThemesController, 'showSettings']).openapi({
    operationId: 'core.embed_themes.settings',
    summary: "The workspace's widget theme settings and the theme widgets receive (admins)",
    tag: 'Embed',
    scope: 'user',
    responses: {
      200: { description: 'Settings and resolved theme', schema: embedSchemas.EmbedThemeSettings },
      403: { description: 'Not an admin' },
    },
  })
  router.put('/embed/theme-settings', [EmbedThemesController, 'updateSettings']).openapi({
    operationId: 'core.embed_themes.update_settings',
    summary:
      "Set the workspace's widget theme: colours (hex or rgb), font, radius, logo URL (admins)",
    description:
      "Replaces the settings. Only validated values are stored (no raw CSS). The content plugin's active brand kit, when there is one, overrides them value by value.",
    tag: 'Embed',
    scope: 'user',
    body: embedThemeSettingsValidator,
    responses: {
      200: { description: 'Saved', schema: embedSchemas.EmbedThemeSettings },
      403: { description: 'Not an admin' },
    },
  })
  router.get('/embed/theme', [EmbedThemesController, 'show']).openapi({
    operationId: 'core.embed_themes.show',
    summary: "The workspace's widget theme as validated CSS custom properties (publishable key)",
    description:
      'Theme settings overlaid by plugins (the active brand kit). Sent with an ETag and `no-cache`: widgets revalidate it to pick up a change without reload.',
    tag: 'Embed',
    auth: 'embed',
    responses: {
      200: { description: 'The theme', schema: embedSchemas.EmbedTheme },
      304: { description: 'Unchanged since the ETag sent in If-None-Match' },
    },
  })
  router.get('/embed/theme.css', [EmbedThemesController, 'css']).openapi({
    operationId: 'core.embed_themes.css',
    summary: "The workspace's widget theme as a stylesheet of custom properties (publishable key)",
    tag: 'Embed',
    auth: 'embed',
    responses: {
      200: { description: 'CSS', contentType: 'text/css' },
      304: { description: 'Unchanged since the ETag sent in If-None-Match' },
    },
  })

  router.get('/embed/key', [EmbedKeyInfoController, 'show']).openapi({
    operationId: 'core.embed_keys.info',
    summary: 'What the publishable key of this widget may do, from this origin',
    tag: 'Embed',
    auth: 'embed',
    responses: { 200: { description: 'Key capabilities', schema: embedSchemas.EmbedKeyInfo } },
  })
}
