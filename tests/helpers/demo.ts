import type { ApiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import { runDemoSeeds } from '#core/database/demo_seeds'
import { DEMO_USER } from '#modules/identity/services/index'

/**
 * Runs the demo seeds twice with the active domains (a second run must change
 * nothing: the suites then check nothing was doubled) and logs the demo user
 * in; returns the user's access token.
 */
export async function seedDemoTwiceAndLogIn(client: ApiClient): Promise<string> {
  const platform = await app.container.make('platform')
  await runDemoSeeds(await platform.domains())
  await runDemoSeeds(await platform.domains())
  const login = await client
    .post('/v1/auth/login')
    .json({ email: DEMO_USER.email, password: DEMO_USER.password })
  if (login.status() !== 200)
    throw new Error(`demo login failed: ${login.status()} ${login.text()}`)
  return login.body().token.value
}
