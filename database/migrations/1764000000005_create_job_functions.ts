import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `app.enqueue_job()`: lets the runtime roles add graphile-worker jobs inside
 * their own transaction. It stamps the transaction's workspace and user into
 * the payload (callers cannot choose another tenant) and namespaces job keys
 * per workspace. graphile-worker's schema is installed before migrations run.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create or replace function app.enqueue_job(
        p_identifier text,
        p_payload jsonb,
        p_job_key text default null,
        p_job_key_mode text default null,
        p_run_at timestamptz default null,
        p_max_attempts integer default null,
        p_priority integer default null,
        p_queue_name text default null
      ) returns bigint
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        declare
          v_id bigint;
          v_workspace uuid := app.current_workspace_id();
        begin
          if v_workspace is null and coalesce(current_setting('role', true), '') <> 'app_service' then
            raise exception 'enqueue_job needs a tenant context' using errcode = '42501';
          end if;
          select j.id into v_id from graphile_worker.add_job(
            identifier := p_identifier,
            payload := (coalesce(p_payload, '{}'::jsonb) || jsonb_build_object(
              '__tenant', jsonb_build_object(
                'workspace_id', v_workspace,
                'user_id', app.current_user_id(),
                -- a job enqueued by an API-key request stays confined like the request
                'credential_workspace_id', nullif(current_setting('app.credential_workspace_id', true), '')
              )
            ))::json,
            queue_name := p_queue_name,
            run_at := p_run_at,
            max_attempts := p_max_attempts,
            job_key := case when p_job_key is null then null else coalesce(v_workspace::text, 'service') || ':' || p_job_key end,
            priority := p_priority,
            job_key_mode := p_job_key_mode
          ) j;
          return v_id;
        end
        $$;
      revoke execute on function app.enqueue_job(text, jsonb, text, text, timestamptz, integer, integer, text) from public;
      grant execute on function app.enqueue_job(text, jsonb, text, text, timestamptz, integer, integer, text)
        to app_authenticated, app_service;
    `)
  }

  async down() {
    this.schema.raw(
      'drop function if exists app.enqueue_job(text, jsonb, text, text, timestamptz, integer, integer, text)'
    )
  }
}
