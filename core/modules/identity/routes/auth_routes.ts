import router from '@adonisjs/core/services/router'
import {
  accountMailThrottle,
  loginFailuresPerIpThrottle,
  loginThrottle,
  registerThrottle,
} from '../services/throttles.js'
import { responses } from '../openapi/identity_schemas.js'
import { loginValidator, registerValidator } from '../validators/auth_validator.js'
import {
  forgotPasswordValidator,
  requestVerificationValidator,
  resetPasswordValidator,
  verifyEmailValidator,
} from '../validators/account_mail_validator.js'

const AuthController = () => import('../controllers/auth_controller.js')
const AccountMailController = () => import('../controllers/account_mail_controller.js')

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
    router
      .post('/auth/password/forgot', [AccountMailController, 'forgot'])
      .use(accountMailThrottle)
      .openapi({
        operationId: 'core.auth.password_forgot',
        summary: 'Mail a password reset link (same answer whether the address has an account)',
        tag: 'Auth',
        auth: 'none',
        body: forgotPasswordValidator,
        responses: {
          202: {
            description: 'Queued if the address has an account',
            schema: responses.mailQueued,
          },
          429: { description: 'Too many requests for this e-mail from this address' },
        },
      })
    router
      .post('/auth/password/reset', [AccountMailController, 'reset'])
      .use(accountMailThrottle)
      .openapi({
        operationId: 'core.auth.password_reset',
        summary: 'Set a new password with a mailed reset token; signs the user out everywhere',
        tag: 'Auth',
        auth: 'none',
        body: resetPasswordValidator,
        responses: {
          204: { description: 'Password changed, every access token revoked' },
          422: { description: 'The token is invalid, used or expired' },
          429: { description: 'Too many attempts from this address' },
        },
      })
    router
      .post('/auth/email/verify', [AccountMailController, 'verify'])
      .use(accountMailThrottle)
      .openapi({
        operationId: 'core.auth.email_verify',
        summary: 'Confirm an e-mail address with a mailed verification token',
        tag: 'Auth',
        auth: 'none',
        body: verifyEmailValidator,
        responses: {
          200: { description: 'Address verified', schema: responses.emailVerified },
          422: { description: 'The token is invalid, used or expired' },
          429: { description: 'Too many attempts from this address' },
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
    router
      .post('/auth/email/verification', [AccountMailController, 'requestVerification'])
      .openapi({
        operationId: 'core.auth.email_verification',
        summary: "Mail a verification link to the signed-in user's address",
        tag: 'Auth',
        scope: 'user',
        body: requestVerificationValidator,
        responses: { 202: { description: 'Queued', schema: responses.mailQueued } },
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
