import type { HttpContext } from '@adonisjs/core/http'
import { platformConfig as platform, Problem, issueUserToken, tenant, withService } from '#sdk'
import { loginValidator, registerValidator } from '../validators/auth_validator.js'
import { createUserWithWorkspace, verifyCredentials } from '../services/user_service.js'
import { userResource } from '../services/user_resource.js'
import { currentWorkspace } from '../services/workspace_service.js'

const tokenBody = (token: { value: string; expiresAt: Date | null }) => ({
  type: 'bearer' as const,
  value: token.value,
  expires_at: token.expiresAt,
})

/**
 * Registration, login, logout, the current identity and token rotation.
 */
export default class AuthController {
  /** Creates an account with its personal workspace and returns a first token. */
  async register({ request, response }: HttpContext) {
    const input = await request.validateUsing(registerValidator)
    const session = await withService(async ({ trx }) => {
      const taken = await trx
        .from('users')
        .whereRaw('lower(email) = lower(?)', [input.email])
        .first()
      if (taken) throw Problem.conflict('An account with this e-mail already exists')
      const created = await createUserWithWorkspace(trx, {
        email: input.email,
        password: input.password,
        fullName: input.full_name,
        workspaceName: input.workspace_name,
      })
      const token = await issueUserToken(trx, created.user.id, {
        name: 'registration',
        expiresIn: platform.auth.accessTokenTtl,
      })
      return { ...created, token: tokenBody(token) }
    })
    response.status(201)
    return session
  }

  /** Exchanges e-mail and password for an access token. */
  async login({ request }: HttpContext) {
    const input = await request.validateUsing(loginValidator)
    return withService(async ({ trx }) => {
      const user = await verifyCredentials(trx, input.email, input.password)
      if (!user) throw Problem.unauthorized('E-mail or password is incorrect')
      const token = await issueUserToken(trx, user.id, {
        name: input.token_name ?? 'login',
        expiresIn: platform.auth.accessTokenTtl,
      })
      return { user, token: tokenBody(token) }
    })
  }

  /** Revokes the token used for this request. */
  async logout({ response }: HttpContext) {
    const { trx, credentialId } = tenant()
    await trx.from('auth_access_tokens').where('id', credentialId!).delete()
    response.status(204)
  }

  /** The caller and the workspace this request acts in. */
  async me() {
    const { trx, userId, via, scopes } = tenant()
    const user = await userResource.query(trx).where('id', userId!).firstOrFail()
    return { user, workspace: await currentWorkspace(), via, scopes }
  }

  /** Issues a new token and revokes the one used for this request. */
  async rotate({ response }: HttpContext) {
    const { trx, userId, credentialId } = tenant()
    const current = await trx.from('auth_access_tokens').where('id', credentialId!).first()
    await trx.from('auth_access_tokens').where('id', credentialId!).delete()
    const token = await issueUserToken(trx, userId!, {
      name: current?.name ?? 'rotated',
      expiresIn: platform.auth.accessTokenTtl,
    })
    response.status(201)
    return tokenBody(token)
  }
}
