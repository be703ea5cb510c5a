import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The shared audit trigger names the audited row by a key column given as its
 * second argument (default `id`), so tables keyed otherwise (the leads
 * plugin's `lead_forms`, keyed by workspace and embed key) no longer write
 * audit rows with an empty `row_id`. The first argument is unchanged: the
 * column holding the row's workspace.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create or replace function app.audit_trigger() returns trigger
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        declare
          v_old jsonb;
          v_new jsonb;
          v_row jsonb;
          v_changed text[];
          v_column text := coalesce(tg_argv[0], 'workspace_id');
          v_key text := coalesce(tg_argv[1], 'id');
        begin
          if tg_op = 'INSERT' then
            v_new := to_jsonb(new);
            v_row := v_new;
            v_changed := array(select jsonb_object_keys(v_new) order by 1);
          elsif tg_op = 'UPDATE' then
            v_old := to_jsonb(old);
            v_new := to_jsonb(new);
            v_row := v_new;
            v_changed := array(
              select e.key from jsonb_each(v_new) e
              where e.value is distinct from v_old -> e.key
                and e.key not in ('updated_at', 'last_used_at')
              order by 1
            );
            if cardinality(v_changed) = 0 then
              return null;
            end if;
          else
            v_old := to_jsonb(old);
            v_row := v_old;
          end if;
          insert into public.audit_log (workspace_id, table_name, row_id, operation, changed_columns, actor_id)
          values (
            coalesce((v_row ->> v_column)::uuid, app.current_workspace_id()),
            tg_table_name,
            v_row ->> v_key,
            tg_op,
            v_changed,
            app.current_user_id()
          );
          return null;
        end
        $$;
    `)
  }

  async down() {
    this.schema.raw(`
      create or replace function app.audit_trigger() returns trigger
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        declare
          v_old jsonb;
          v_new jsonb;
          v_row jsonb;
          v_changed text[];
          v_column text := coalesce(tg_argv[0], 'workspace_id');
        begin
          if tg_op = 'INSERT' then
            v_new := to_jsonb(new);
            v_row := v_new;
            v_changed := array(select jsonb_object_keys(v_new) order by 1);
          elsif tg_op = 'UPDATE' then
            v_old := to_jsonb(old);
            v_new := to_jsonb(new);
            v_row := v_new;
            v_changed := array(
              select e.key from jsonb_each(v_new) e
              where e.value is distinct from v_old -> e.key
                and e.key not in ('updated_at', 'last_used_at')
              order by 1
            );
            if cardinality(v_changed) = 0 then
              return null;
            end if;
          else
            v_old := to_jsonb(old);
            v_row := v_old;
          end if;
          insert into public.audit_log (workspace_id, table_name, row_id, operation, changed_columns, actor_id)
          values (
            coalesce((v_row ->> v_column)::uuid, app.current_workspace_id()),
            tg_table_name,
            v_row ->> 'id',
            tg_op,
            v_changed,
            app.current_user_id()
          );
          return null;
        end
        $$;
    `)
  }
}
