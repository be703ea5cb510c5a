import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Copilot chat: the seed's `chat_sessions` and `chat_messages` (one row per
 * exchange: the user's message and the AI's response), `ai_interaction_feedback`
 * and `agent_learning_data`, scoped to a workspace. Sessions, messages and
 * feedback are private to their user. Learning data is aggregated per
 * workspace by a job (app_service writes it); admins read it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      create table public.chat_sessions (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid not null references public.users (id) on delete cascade,
        title text not null,
        metadata jsonb default '{}'::jsonb,
        created_at timestamptz default now(),
        updated_at timestamptz default now(),
        constraint chat_sessions_title_length check (char_length(btrim(title)) between 1 and 200),
        constraint chat_sessions_metadata_object check (jsonb_typeof(metadata) = 'object'),
        unique (workspace_id, id)
      );
      create index idx_chat_sessions_user_id on public.chat_sessions (workspace_id, user_id, updated_at desc, id desc);
      select app.secure_tenant_table('public.chat_sessions', 'user_id');

      create table public.chat_messages (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null,
        session_id uuid not null,
        user_message text not null,
        ai_response jsonb not null,
        agent_type text,
        metadata jsonb default '{}'::jsonb,
        "timestamp" timestamptz default now(),
        constraint chat_messages_session_fk foreign key (workspace_id, session_id)
          references public.chat_sessions (workspace_id, id) on delete cascade,
        constraint chat_messages_agent_type_format check (agent_type is null or agent_type ~ '^[a-z][a-z0-9_-]{0,49}$'),
        unique (workspace_id, id)
      );
      create index idx_chat_messages_session_id on public.chat_messages (workspace_id, session_id, "timestamp", id);

      -- Messages follow their session: visible and writable only through a session the caller owns.
      alter table public.chat_messages enable row level security;
      alter table public.chat_messages force row level security;
      create policy chat_messages_owner on public.chat_messages for all to app_authenticated
        using (workspace_id = (select app.current_workspace_id())
          and exists (select 1 from public.chat_sessions s
                       where s.workspace_id = chat_messages.workspace_id and s.id = chat_messages.session_id
                         and s.user_id = (select app.current_user_id())))
        with check (workspace_id = (select app.current_workspace_id())
          and exists (select 1 from public.chat_sessions s
                       where s.workspace_id = chat_messages.workspace_id and s.id = chat_messages.session_id
                         and s.user_id = (select app.current_user_id())));
      grant select, insert, update, delete on public.chat_messages to app_authenticated, app_service;

      create table public.ai_interaction_feedback (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        user_id uuid not null references public.users (id) on delete cascade,
        session_id uuid,
        message_id uuid,
        interaction_type text not null,
        original_suggestion jsonb not null,
        user_modification jsonb,
        context_data jsonb not null,
        feedback_score integer,
        "timestamp" timestamptz default now(),
        created_at timestamptz default now(),
        constraint ai_interaction_feedback_type_check
          check (interaction_type in ('edit', 'approve', 'regenerate', 'reject')),
        constraint ai_interaction_feedback_score_check check (feedback_score is null or feedback_score between 1 and 5),
        constraint ai_interaction_feedback_session_fk foreign key (workspace_id, session_id)
          references public.chat_sessions (workspace_id, id) on delete set null (session_id),
        constraint ai_interaction_feedback_message_fk foreign key (workspace_id, message_id)
          references public.chat_messages (workspace_id, id) on delete set null (message_id),
        unique (workspace_id, id)
      );
      create index idx_ai_feedback_user_id on public.ai_interaction_feedback (workspace_id, user_id, created_at desc, id desc);
      create index idx_ai_feedback_interaction_type on public.ai_interaction_feedback (workspace_id, interaction_type);
      create index idx_ai_feedback_timestamp on public.ai_interaction_feedback (workspace_id, "timestamp");
      -- Feedback is written once; users read and delete their own (no update policy).
      alter table public.ai_interaction_feedback enable row level security;
      alter table public.ai_interaction_feedback force row level security;
      create policy ai_interaction_feedback_select on public.ai_interaction_feedback for select to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and user_id = (select app.current_user_id())
          and (select app.has_workspace_role('viewer')));
      create policy ai_interaction_feedback_insert on public.ai_interaction_feedback for insert to app_authenticated
        with check (workspace_id = (select app.current_workspace_id()) and user_id = (select app.current_user_id())
          and (select app.has_workspace_role('viewer')));
      create policy ai_interaction_feedback_delete on public.ai_interaction_feedback for delete to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and user_id = (select app.current_user_id()));
      grant select, insert, delete on public.ai_interaction_feedback to app_authenticated;
      grant select, insert, update, delete on public.ai_interaction_feedback to app_service;

      create table public.agent_learning_data (
        id uuid primary key default gen_random_uuid(),
        workspace_id uuid not null references public.workspaces (id) on delete cascade,
        agent_type text not null,
        pattern_key text not null default 'feedback_summary',
        pattern_data jsonb not null,
        confidence_score real default 0.5,
        usage_count integer default 0,
        success_rate real default 0.5,
        last_updated timestamptz default now(),
        created_at timestamptz default now(),
        constraint agent_learning_data_confidence_range check (confidence_score between 0 and 1),
        constraint agent_learning_data_success_range check (success_rate between 0 and 1),
        unique (workspace_id, agent_type, pattern_key),
        unique (workspace_id, id)
      );
      alter table public.agent_learning_data enable row level security;
      alter table public.agent_learning_data force row level security;
      create policy agent_learning_data_select on public.agent_learning_data for select to app_authenticated
        using (workspace_id = (select app.current_workspace_id()) and (select app.has_workspace_role('admin')));
      grant select on public.agent_learning_data to app_authenticated;
      grant select, insert, update, delete on public.agent_learning_data to app_service;
    `)
  }

  async down() {
    this.schema.raw(`
      drop table if exists public.agent_learning_data;
      drop table if exists public.ai_interaction_feedback;
      drop table if exists public.chat_messages;
      drop table if exists public.chat_sessions;
    `)
  }
}
