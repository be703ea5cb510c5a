import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Secret rotation without lost deliveries: the previous secret keeps signing
 * (as a second Standard Webhooks signature) for a grace period, so receivers
 * can switch at their own pace. `app.rotate_webhook_secret()` moves the
 * current secret aside, which a runtime role could not do itself because it
 * cannot read the secret column.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      alter table public.webhooks
        add column previous_secret_token text,
        add column previous_secret_expires_at timestamptz,
        add constraint webhooks_previous_secret_sealed check (previous_secret_token is null
          or previous_secret_token ~ '^k[0-9a-f]{16}[.][A-Za-z0-9+/=]+[.][A-Za-z0-9+/=]+$');

      create or replace function app.rotate_webhook_secret(
        p_webhook uuid,
        p_sealed_secret text,
        p_grace_seconds integer
      ) returns boolean
        language plpgsql security definer
        set search_path = pg_catalog, public
        as $$
        begin
          if not app.has_workspace_role('admin') then
            return false;
          end if;
          update public.webhooks set
            previous_secret_token = case when p_grace_seconds > 0 then secret_token end,
            previous_secret_expires_at = case when p_grace_seconds > 0
              then now() + make_interval(secs => p_grace_seconds) end,
            secret_token = p_sealed_secret
          where id = p_webhook and workspace_id = app.current_workspace_id();
          return found;
        end
        $$;
      revoke execute on function app.rotate_webhook_secret(uuid, text, integer) from public;
      grant execute on function app.rotate_webhook_secret(uuid, text, integer) to app_authenticated;
    `)
  }

  async down() {
    this.schema.raw(`
      drop function if exists app.rotate_webhook_secret(uuid, text, integer);
      alter table public.webhooks
        drop constraint if exists webhooks_previous_secret_sealed,
        drop column if exists previous_secret_token,
        drop column if exists previous_secret_expires_at;
    `)
  }
}
