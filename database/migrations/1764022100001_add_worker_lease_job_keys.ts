import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The lease also records the job key each running job started with
 * (`running_job_keys`, parallel to `running_job_ids`, null for a job without
 * a key). A job that re-enqueues its own key while it runs (a poll loop) is
 * superseded by graphile-worker: its key moves to the new job and its
 * attempts are set to the maximum. If its worker dies right then, the
 * reclaimer must not take it for a job that died on its last attempt: with
 * the recorded key it sees the successor and lets the old job go quietly.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      alter table public.worker_leases add column running_job_keys text[] not null default '{}';
    `)
  }

  async down() {
    this.schema.raw(`alter table public.worker_leases drop column running_job_keys;`)
  }
}
