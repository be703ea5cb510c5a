import { BaseSchema } from '@adonisjs/lucid/schema'

/** One seeded model: [provider, model_name, model_type, is_default, input $/1M, output $/1M, context window, max output tokens, api id]. */
type SeedModel = [string, string, string, boolean, number, number, number, number, string?]

/**
 * The seed's initial models (Oct 28, 2025) with list prices in USD per million
 * tokens at that time. `metadata.api_id` is the identifier the provider's API
 * expects where the seed's name differs from it.
 */
const SEED_MODELS: SeedModel[] = [
  ['openai', 'gpt-5', 'flagship', true, 1.25, 10, 400000, 128000],
  ['openai', 'gpt-5-mini', 'fast', true, 0.25, 2, 400000, 128000],
  ['openai', 'gpt-5-nano', 'fast', false, 0.05, 0.4, 400000, 128000],
  ['openai', 'gpt-4.1', 'legacy', true, 2, 8, 1047576, 32768],
  ['openai', 'gpt-4.1-mini', 'legacy', false, 0.4, 1.6, 1047576, 32768],
  ['openai', 'o3', 'flagship', false, 2, 8, 200000, 100000],
  ['openai', 'o4-mini', 'fast', false, 1.1, 4.4, 200000, 100000],
  ['anthropic', 'claude-sonnet-4.5', 'flagship', true, 3, 15, 200000, 64000, 'claude-sonnet-4-5'],
  ['anthropic', 'claude-opus-4.1', 'flagship', false, 15, 75, 200000, 32000, 'claude-opus-4-1'],
  ['anthropic', 'claude-haiku-4-5', 'fast', true, 1, 5, 200000, 64000],
  ['anthropic', 'claude-sonnet-4', 'legacy', true, 3, 15, 200000, 64000, 'claude-sonnet-4-0'],
  ['google', 'gemini-2.5-pro', 'flagship', true, 1.25, 10, 1048576, 65536],
  ['google', 'gemini-2.5-flash', 'fast', true, 0.3, 2.5, 1048576, 65536],
  ['google', 'gemini-2.5-flash-lite', 'fast', false, 0.1, 0.4, 1048576, 65536],
  ['google', 'gemini-2.0-flash', 'legacy', true, 0.1, 0.4, 1048576, 8192],
  ['mistral', 'mistral-large-latest', 'flagship', true, 2, 6, 131072, 131072],
  ['mistral', 'mistral-medium-latest', 'fast', true, 0.4, 2, 131072, 131072],
]

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`

/**
 * The seed's model registry: `ai_model_configs` (global, seeded, read-only to
 * users), `ai_model_update_logs` (discovery runs, platform only) and
 * `get_default_model(provider, type)`.
 */
export default class extends BaseSchema {
  async up() {
    const rows = SEED_MODELS.map(
      ([provider, name, type, isDefault, input, output, context, maxTokens, apiId]) =>
        `(${literal(provider)}, ${literal(name)}, ${literal(type)}, ${isDefault}, ` +
        `'{"text": true, "streaming": true, "structured_output": true}'::jsonb, ` +
        `'{"currency": "USD", "input_per_million": ${input}, "output_per_million": ${output}}'::jsonb, ` +
        `${maxTokens}, ${context}, ` +
        `${literal(JSON.stringify(apiId ? { source: 'seed', api_id: apiId } : { source: 'seed' }))}::jsonb)`
    )
    this.schema.raw(`
      create table public.ai_model_configs (
        id uuid primary key default gen_random_uuid(),
        provider text not null check (provider in ('openai', 'anthropic', 'google', 'mistral')),
        model_name text not null,
        model_type text not null check (model_type in ('flagship', 'fast', 'legacy')),
        is_active boolean default true,
        is_default boolean default false,
        capabilities jsonb default '{}'::jsonb,
        pricing jsonb default '{}'::jsonb,
        max_tokens integer,
        context_window integer,
        metadata jsonb default '{}'::jsonb,
        discovered_at timestamptz default now(),
        last_validated_at timestamptz,
        created_at timestamptz default now(),
        updated_at timestamptz default now(),
        unique (provider, model_name)
      );
      create index idx_ai_model_configs_provider on public.ai_model_configs (provider);
      create index idx_ai_model_configs_type on public.ai_model_configs (model_type);
      create index idx_ai_model_configs_active on public.ai_model_configs (is_active);
      create index idx_ai_model_configs_default on public.ai_model_configs (is_default);
      -- At most one default per provider and type.
      create unique index ai_model_configs_one_default on public.ai_model_configs (provider, model_type)
        where is_default;
      create trigger update_ai_model_configs_updated_at_trigger before update on public.ai_model_configs
        for each row execute function public.update_updated_at_column();

      -- Global catalogue: everybody reads, only the platform (app_service) writes.
      alter table public.ai_model_configs enable row level security;
      alter table public.ai_model_configs force row level security;
      create policy ai_model_configs_read on public.ai_model_configs for select
        to app_authenticated, app_anon using (true);
      grant select on public.ai_model_configs to app_authenticated, app_anon;
      grant select, insert, update, delete on public.ai_model_configs to app_service;

      insert into public.ai_model_configs
        (provider, model_name, model_type, is_default, capabilities, pricing, max_tokens, context_window, metadata)
      values ${rows.join(',\n        ')}
      on conflict (provider, model_name) do nothing;

      create table public.ai_model_update_logs (
        id uuid primary key default gen_random_uuid(),
        run_date timestamptz default now(),
        models_discovered integer default 0,
        models_added integer default 0,
        models_deprecated integer default 0,
        providers_checked text[] default '{}',
        errors jsonb default '[]'::jsonb,
        execution_time_ms integer,
        status text check (status in ('success', 'partial', 'failed')),
        created_at timestamptz default now()
      );
      create index idx_ai_model_update_logs_run_date on public.ai_model_update_logs (run_date desc);
      alter table public.ai_model_update_logs enable row level security;
      alter table public.ai_model_update_logs force row level security;
      create policy ai_model_update_logs_read on public.ai_model_update_logs for select
        to app_authenticated using (true);
      grant select on public.ai_model_update_logs to app_authenticated;
      grant select, insert, update, delete on public.ai_model_update_logs to app_service;

      -- Seed: the default model of a provider for a model type.
      create or replace function public.get_default_model(p_provider text, p_type text default 'flagship')
        returns table (model_name text, capabilities jsonb, pricing jsonb, context_window integer)
        language sql stable
        set search_path = pg_catalog, public
        as $$
          select m.model_name, m.capabilities, m.pricing, m.context_window
          from public.ai_model_configs m
          where m.provider = p_provider and m.model_type = p_type and m.is_active
          order by m.is_default desc, m.discovered_at asc, m.model_name asc
          limit 1
        $$;
      grant execute on function public.get_default_model(text, text) to app_authenticated, app_anon, app_service;
    `)
  }

  async down() {
    this.schema.raw(`
      drop function if exists public.get_default_model(text, text);
      drop table if exists public.ai_model_update_logs;
      drop table if exists public.ai_model_configs;
    `)
  }
}
