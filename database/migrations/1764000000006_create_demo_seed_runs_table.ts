import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Records which plugins have already filled the demo workspace, so the demo
 * seed that runs on every start adds each plugin's data once. Platform table:
 * RLS on with no policy (service role only).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.demo_seed_runs (
        plugin text primary key,
        seeded_at timestamptz not null default now()
      );
      alter table public.demo_seed_runs enable row level security;
      grant select, insert, delete on public.demo_seed_runs to app_service;
    `)
  }

  async down() {
    this.schema.raw('drop table if exists public.demo_seed_runs')
  }
}
