import { BaseSeeder } from '@adonisjs/lucid/seeders'
import app from '@adonisjs/core/services/app'
import { runDemoSeeds } from '#core/database/demo_seeds'

/**
 * `node ace db:seed` entry: the same idempotent demo data as `db:prepare --seed`
 * and the start, from every active domain's manifest (`demoAccount`, `seed`).
 */
export default class DemoSeeder extends BaseSeeder {
  async run() {
    const platform = await app.container.make('platform')
    await runDemoSeeds(await platform.domains())
  }
}
