import router from '@adonisjs/core/services/router'
import {
  loginFailuresPerIpThrottle,
  loginThrottle,
  registerThrottle,
} from '../services/throttles.js'
import { responses } from '../openapi/identity_schemas.js'
import { loginValidator, registerValidator } from '../validators/auth_validator.js'

const AuthController = () => import('../controllers/auth_controller.js')

/** Registration and login (public, throttled) and the token routes (authenticated). */
export default function registerAuthRoutes() {
  router.group(() => {
    router
      .post('/auth/register', [AuthController, 'register'])
      .use(registerThrottle)
      .openapi({
        operationId: 'core.auth.register',
        summary: 'Create an account, its personal workspace and a first access token',
        tag: 'Auth',
        auth: 'none',
        body: registerValidator,
        responses: {
          201: { description: 'Account created', schema: responses.session },
          409: { description: 'E-mail already registered' },
          429: { description: 'Too many registrations from this address' },
        },
      })
    router
      .post('/auth/login', [AuthController, 'login'])
      .use([loginFailuresPerIpThrottle, loginThrottle])
      .openapi({
        operationId: 'core.auth.login',
        summary: 'Exchange e-mail and password for an access token',
        tag: 'Auth',
        auth: 'none',
        body: loginValidator,
        responses: {
          200: { description: 'Logged in', schema: responses.session },
          401: { description: 'Wrong e-mail or password' },
          429: {
            description:
              'Too many attempts for this e-mail from this address, or too many failed logins from this address',
          },
        },
      })
  })

  router.group(() => {
    router.post('/auth/logout', [AuthController, 'logout']).openapi({
      operationId: 'core.auth.logout',
      summary: 'Revoke the access token used for this request',
      tag: 'Auth',
      scope: 'user',
      responses: { 204: { description: 'Token revoked' } },
    })
    router.get('/auth/me', [AuthController, 'me']).openapi({
      operationId: 'core.auth.me',
      summary: 'The caller and the workspace the request acts in',
      tag: 'Auth',
      scope: 'any',
      responses: { 200: { description: 'Current identity', schema: responses.me } },
    })
    router.post('/auth/tokens/rotate', [AuthController, 'rotate']).openapi({
      operationId: 'core.auth.rotate',
      summary: 'Issue a new access token and revoke the current one',
      tag: 'Auth',
      scope: 'user',
      responses: { 201: { description: 'New token', schema: responses.token } },
    })
  })
}
