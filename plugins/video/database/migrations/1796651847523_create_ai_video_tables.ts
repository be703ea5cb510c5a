import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The seed's "Video Generation" tables, scoped to a workspace:
 * `ai_video_projects` (the seed's columns, CHECKs on platform, duration and
 * status, indexes leading with `workspace_id`), `ai_video_jobs` (one row per
 * pipeline step, and per scene for image and video generation), the view
 * `ai_video_stats` per workspace and per user, and `ai_video_budgets`, the
 * per-workspace video budget reserved before paid submissions.
 *
 * Differences from the seed, on purpose: `user_id` is nullable (a video
 * belongs to the workspace and survives its creator's erasure); the status
 * check adds `cancelled`; job types add `scene_plan` and `render`; files are
 * private storage keys (`video_key`, `generated_images`), served by signed
 * links, where the seed's bucket was public; `provider`, the cost estimate and
 * the budget reservation are new columns.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.ai_video_projects (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid references public.users (id) on delete set null,
        campaign_id uuid,
        goal text not null,
        platform text not null default 'YouTubeShort',
        duration_s integer not null default 8,
        brand_kit jsonb not null default '{}'::jsonb,
        scene_plan jsonb,
        generated_images text[],
        final_prompt text,
        video_url text,
        video_key text,
        veo_operation_id text,
        provider text not null default 'local',
        status text not null default 'draft',
        error_message text,
        cost_usd numeric(10, 4) not null default 0,
        estimated_cost_usd numeric(10, 4) not null default 0,
        budget_reserved_usd numeric(10, 4) not null default 0,
        audio_key text,
        auto_generated boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        completed_at timestamptz,
        unique (workspace_id, id),
        foreign key (workspace_id, campaign_id)
          references public.campaigns (workspace_id, id) on delete set null (campaign_id),
        constraint ai_video_projects_platform_check
          check (platform in ('YouTubeShort', 'TikTok', 'Reels', 'Landscape')),
        constraint ai_video_projects_duration_check check (duration_s between 1 and 120),
        constraint ai_video_projects_status_check check (status in
          ('draft', 'planning', 'generating_images', 'generating_video', 'completed', 'failed', 'cancelled')),
        constraint ai_video_projects_provider_check check (provider in ('local', 'google', 'openai')),
        constraint ai_video_projects_goal_length check (char_length(btrim(goal)) between 1 and 2000),
        constraint ai_video_projects_money_check
          check (cost_usd >= 0 and estimated_cost_usd >= 0 and budget_reserved_usd >= 0),
        constraint ai_video_projects_brand_kit_object check (jsonb_typeof(brand_kit) = 'object')
      );
      create index idx_ai_video_projects_recent on public.ai_video_projects (workspace_id, created_at desc, id desc);
      create index idx_ai_video_projects_user_id on public.ai_video_projects (workspace_id, user_id, created_at desc);
      create index idx_ai_video_projects_campaign_id on public.ai_video_projects (workspace_id, campaign_id);
      create index idx_ai_video_projects_status on public.ai_video_projects (workspace_id, status);
      create index idx_ai_video_projects_auto_generated
        on public.ai_video_projects (workspace_id, auto_generated, created_at desc);
      select app.secure_tenant_table('public.ai_video_projects');

      create table public.ai_video_jobs (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        project_id uuid not null,
        user_id uuid references public.users (id) on delete set null,
        job_type text not null,
        scene_index integer,
        veo_operation_id text,
        status text not null default 'pending',
        result_url text,
        error_message text,
        cost_usd numeric(10, 4) not null default 0,
        metadata jsonb not null default '{}'::jsonb,
        submitted_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        completed_at timestamptz,
        unique (workspace_id, id),
        foreign key (workspace_id, project_id)
          references public.ai_video_projects (workspace_id, id) on delete cascade,
        constraint ai_video_jobs_type_check check (job_type in
          ('scene_plan', 'image_generation', 'video_generation', 'render')),
        constraint ai_video_jobs_status_check check (status in
          ('pending', 'processing', 'completed', 'failed', 'filtered', 'cancelled')),
        constraint ai_video_jobs_scene_check check (scene_index is null or scene_index >= 0)
      );
      create unique index ai_video_jobs_step_unique
        on public.ai_video_jobs (workspace_id, project_id, job_type, coalesce(scene_index, -1));
      create index idx_ai_video_jobs_project_id on public.ai_video_jobs (workspace_id, project_id, status);
      create index idx_ai_video_jobs_user_id on public.ai_video_jobs (workspace_id, user_id, status, created_at desc);
      select app.secure_tenant_table('public.ai_video_jobs', null, false);

      create table public.ai_video_budgets (
        workspace_id uuid primary key references public.workspaces (id) on delete cascade,
        limit_usd numeric(12, 4) not null,
        reserved_usd numeric(12, 4) not null default 0,
        spent_usd numeric(12, 4) not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint ai_video_budgets_amounts_check
          check (limit_usd >= 0 and reserved_usd >= 0 and spent_usd >= 0)
      );
      select app.secure_tenant_table('public.ai_video_budgets');

      create view public.ai_video_stats with (security_invoker = true) as
        select workspace_id,
               user_id,
               (grouping(user_id) = 1) as workspace_total,
               count(*)::integer as total_videos,
               (count(*) filter (where auto_generated))::integer as autopilot_videos,
               (count(*) filter (where not auto_generated))::integer as manual_videos,
               (count(*) filter (where status = 'completed'))::integer as completed_videos,
               (count(*) filter (where status = 'failed'))::integer as failed_videos,
               coalesce(sum(cost_usd), 0)::float8 as total_cost_usd,
               coalesce(avg(cost_usd) filter (where status = 'completed'), 0)::float8 as avg_cost_per_video,
               max(created_at) as last_video_created
          from public.ai_video_projects
         group by grouping sets ((workspace_id), (workspace_id, user_id));
      grant select on public.ai_video_stats to app_authenticated, app_service;
    `)
  }

  async down() {
    this.schema.raw(`
      drop view if exists public.ai_video_stats;
      drop table if exists public.ai_video_budgets;
      drop table if exists public.ai_video_jobs;
      drop table if exists public.ai_video_projects;
    `)
  }
}
