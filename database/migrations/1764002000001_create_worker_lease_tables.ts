import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Crash recovery of jobs (see docs/concepts/jobs.md, "Crash recovery"):
 * `worker_leases` holds one row per running worker (graphile-worker's pool id,
 * the `locked_by` of its jobs) with a heartbeat, an expiry and the jobs it is
 * running; `job_crashes` counts, per job, how often its worker died while it
 * ran (the poison-job rule). Platform tables: RLS on with no policy (the
 * worker's own connection and app_service only).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.worker_leases (
        worker_id text primary key,
        hostname text not null,
        pid integer not null,
        started_at timestamptz not null default now(),
        heartbeat_at timestamptz not null default now(),
        expires_at timestamptz not null,
        running_job_ids bigint[] not null default '{}'
      );
      create index worker_leases_expires_at_idx on public.worker_leases (expires_at);
      alter table public.worker_leases enable row level security;
      grant select, insert, update, delete on public.worker_leases to app_service;

      create table public.job_crashes (
        job_id bigint primary key,
        task_identifier text not null,
        crashes integer not null default 1,
        last_worker_id text not null,
        last_crashed_at timestamptz not null default now()
      );
      alter table public.job_crashes enable row level security;
      grant select, insert, update, delete on public.job_crashes to app_service;
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.job_crashes;
      drop table if exists public.worker_leases;
    `)
  }
}
