import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `<aip-video-studio>`: a vendor's signed-in end user (role `app_anon` with
 * `app.current_end_user_id()` set by a verified embed session) creates video
 * projects, reads and edits their scene plan and follows their steps: only
 * the projects they created through the embed (`created_by_end_user_id`),
 * never another end user's, never the workspace's own. Starting work (plan,
 * render) runs as the embed key's creator (see asEmbedKeyCreator), not as
 * `app_anon`, so budgets and steps need no anonymous access. Erasing the end
 * user (DELETE /v1/embed/end-users/:id) unlinks their projects, which stay
 * with the workspace like any project whose creator left.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      alter table public.ai_video_projects add column created_by_end_user_id uuid;
      alter table public.ai_video_projects add constraint ai_video_projects_end_user_fk
        foreign key (workspace_id, created_by_end_user_id)
        references public.embed_end_users (workspace_id, id) on delete set null (created_by_end_user_id);
      create index idx_ai_video_projects_end_user on public.ai_video_projects
        (workspace_id, created_by_end_user_id, created_at desc, id desc)
        where created_by_end_user_id is not null;

      create policy ai_video_projects_end_user_select on public.ai_video_projects
        for select to app_anon
        using (workspace_id = (select app.current_workspace_id())
          and created_by_end_user_id = (select app.current_end_user_id()));
      create policy ai_video_projects_end_user_insert on public.ai_video_projects
        for insert to app_anon
        with check (workspace_id = (select app.current_workspace_id())
          and created_by_end_user_id = (select app.current_end_user_id())
          and user_id is null and campaign_id is null and audio_key is null
          and auto_generated = false and status = 'draft');
      create policy ai_video_projects_end_user_update on public.ai_video_projects
        for update to app_anon
        using (workspace_id = (select app.current_workspace_id())
          and created_by_end_user_id = (select app.current_end_user_id()))
        with check (workspace_id = (select app.current_workspace_id())
          and created_by_end_user_id = (select app.current_end_user_id()));
      grant select on public.ai_video_projects to app_anon;
      grant insert (workspace_id, user_id, goal, platform, duration_s, provider, brand_kit,
        auto_generated, created_by_end_user_id, campaign_id, audio_key)
        on public.ai_video_projects to app_anon;
      grant update (scene_plan, final_prompt) on public.ai_video_projects to app_anon;

      create policy ai_video_jobs_end_user_select on public.ai_video_jobs
        for select to app_anon
        using (workspace_id = (select app.current_workspace_id())
          and exists (select 1 from public.ai_video_projects p
                       where p.workspace_id = ai_video_jobs.workspace_id and p.id = ai_video_jobs.project_id
                         and p.created_by_end_user_id = (select app.current_end_user_id())));
      grant select on public.ai_video_jobs to app_anon;
    `)
  }

  async down() {
    this.schema.raw(`
      revoke select on public.ai_video_jobs from app_anon;
      drop policy if exists ai_video_jobs_end_user_select on public.ai_video_jobs;
      revoke select, insert, update on public.ai_video_projects from app_anon;
      drop policy if exists ai_video_projects_end_user_update on public.ai_video_projects;
      drop policy if exists ai_video_projects_end_user_insert on public.ai_video_projects;
      drop policy if exists ai_video_projects_end_user_select on public.ai_video_projects;
      drop index if exists public.idx_ai_video_projects_end_user;
      alter table public.ai_video_projects drop constraint if exists ai_video_projects_end_user_fk;
      alter table public.ai_video_projects drop column if exists created_by_end_user_id;
    `)
  }
}
