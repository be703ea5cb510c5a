import type { ApiClient } from '@japa/api-client'
import platform from '#config/platform'
import { activePlugins } from '#core/plugins/plugin_registry'
import { DEMO_USER, seedDemo } from '#database/seeders/demo_seeder'

/**
 * Runs the demo seed twice with the enabled plugins (a second run must change
 * nothing: the suites then check nothing was doubled) and logs the demo user
 * in; returns the user's access token.
 */
export async function seedDemoTwiceAndLogIn(client: ApiClient): Promise<string> {
  await seedDemo(await activePlugins(platform.plugins))
  await seedDemo(await activePlugins(platform.plugins))
  const login = await client
    .post('/v1/auth/login')
    .json({ email: DEMO_USER.email, password: DEMO_USER.password })
  if (login.status() !== 200)
    throw new Error(`demo login failed: ${login.status()} ${login.text()}`)
  return login.body().token.value
}
