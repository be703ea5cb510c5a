import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A workspace's plan names its API rate limit (RATE_LIMIT_PLANS, per access
 * token and per API key). Set by the operator (SQL or their billing system),
 * never by the workspace's members: no route writes it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      alter table workspaces add column if not exists plan text not null default 'free'
        check (plan ~ '^[a-z0-9_-]{1,40}$')
    `)
  }

  async down() {
    this.schema.raw(`alter table workspaces drop column if exists plan`)
  }
}
