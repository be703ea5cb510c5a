import { type PrivacyManifest } from '#sdk'

/**
 * Personal data held by the core's own tables. A plain list: a core feature
 * that adds a table holding someone's data appends one entry here (plugins use
 * `privacy` in their plugin.ts instead). Erasure walks the plugins first, then
 * this list in order, then removes the account itself (see docs/guide/privacy.md),
 * which is why identity rows (users, memberships, tokens) are `retain` here:
 * they are exported, and the account step deletes them last.
 */
export const corePrivacyManifest: PrivacyManifest = {
  tables: [
    {
      table: 'users',
      userColumn: 'id',
      workspaceColumn: null,
      erase: 'retain',
      excludeColumns: ['password'],
      reason: 'deleted by the account step at the end of erasure',
    },
    {
      table: 'workspace_members',
      userColumn: 'user_id',
      erase: 'retain',
      reason: 'removed by the account step at the end of erasure',
    },
    {
      table: 'auth_access_tokens',
      userColumn: 'tokenable_id',
      workspaceColumn: null,
      erase: 'retain',
      excludeColumns: ['hash'],
      reason: 'revoked by the account step at the end of erasure',
    },
    { table: 'user_preferences', userColumn: 'user_id', erase: 'delete' },
    // Mail: reset and verification tokens (hash never exported), sender identities set.
    {
      table: 'user_email_tokens',
      userColumn: 'user_id',
      workspaceColumn: null,
      erase: 'delete',
      excludeColumns: ['token_hash'],
    },
    {
      table: 'mail_sender_identities',
      userColumn: 'created_by',
      erase: 'anonymize',
      excludeColumns: ['dkim_private_key_encrypted'],
    },
    { table: 'api_keys', userColumn: 'created_by', erase: 'delete', excludeColumns: ['hash'] },
    {
      table: 'idempotency_keys',
      userColumn: 'user_id',
      erase: 'delete',
      excludeColumns: ['response_body'],
    },
    {
      table: 'workspaces',
      userColumn: 'created_by',
      workspaceColumn: 'id',
      erase: 'anonymize',
    },
    {
      table: 'workspace_invitations',
      userColumn: 'invited_by',
      erase: 'anonymize',
      excludeColumns: ['token_hash'],
    },
    {
      table: 'workspace_invitations',
      userColumn: 'accepted_by',
      erase: 'anonymize',
      excludeColumns: ['token_hash'],
    },
    {
      table: 'audit_log',
      userColumn: 'actor_id',
      erase: 'anonymize',
      retentionColumn: 'occurred_at',
    },
    // Secrets vault: metadata only, the sealed values never leave the server.
    {
      table: 'user_secrets',
      userColumn: 'user_id',
      erase: 'delete',
      excludeColumns: ['encrypted_value', 'initialization_vector', 'key_id'],
    },
    { table: 'secret_audit_logs', userColumn: 'user_id', erase: 'delete' },
    // Integrations: OAuth tokens are revoked at the provider by the erasure job
    // before these rows go (see revokeUserConnections); sealed columns are never exported.
    {
      table: 'oauth_states',
      userColumn: 'user_id',
      erase: 'delete',
      excludeColumns: ['state_token', 'code_verifier_encrypted'],
    },
    {
      table: 'oauth_connections',
      userColumn: 'user_id',
      erase: 'delete',
      excludeColumns: ['access_token_encrypted', 'refresh_token_encrypted'],
    },
    {
      table: 'social_platform_connections',
      userColumn: 'user_id',
      erase: 'delete',
      excludeColumns: ['access_token_encrypted', 'refresh_token_encrypted'],
    },
    {
      table: 'integration_connections',
      userColumn: 'user_id',
      erase: 'delete',
      excludeColumns: ['credentials_encrypted'],
    },
    // Embed secret keys the person created: kept for the workspace, the secret never exported.
    {
      table: 'embed_secret_keys',
      userColumn: 'created_by',
      erase: 'anonymize',
      excludeColumns: ['secret_encrypted'],
    },
    // Support: the workspace keeps the ticket, without the person.
    {
      table: 'support_tickets',
      userColumn: 'user_id',
      erase: 'anonymize',
      anonymizeColumns: ['name', 'email', 'message'],
    },
    { table: 'user_analytics_events', userColumn: 'user_id', erase: 'delete' },
    // Copilot chat: feedback, then the messages (through their session), then the sessions.
    { table: 'ai_interaction_feedback', userColumn: 'user_id', erase: 'delete' },
    {
      table: 'chat_messages',
      userColumn: 'user_id',
      via: { table: 'chat_sessions', column: 'session_id' },
      erase: 'delete',
    },
    { table: 'chat_sessions', userColumn: 'user_id', erase: 'delete' },
    // Workspace resources the person created or caused: kept for the workspace.
    {
      table: 'webhooks',
      userColumn: 'user_id',
      erase: 'anonymize',
      excludeColumns: ['secret_token', 'previous_secret_token'],
    },
    { table: 'ai_usage_events', userColumn: 'user_id', erase: 'anonymize' },
    { table: 'user_privacy_settings', userColumn: 'user_id', erase: 'delete' },
    {
      table: 'data_export_requests',
      userColumn: 'user_id',
      erase: 'delete',
      fileColumns: ['storage_key'],
      exportFiles: false,
      retentionColumn: 'created_at',
    },
    {
      table: 'data_deletion_requests',
      userColumn: 'user_id',
      erase: 'retain',
      anonymizeColumns: ['reason'],
      excludeColumns: ['confirmation_token_hash'],
      reason: 'proof that the erasure was requested, confirmed and carried out',
    },
    {
      table: 'privacy_audit_log',
      userColumn: 'user_id',
      erase: 'retain',
      anonymizeColumns: ['ip_address', 'user_agent'],
      reason: 'record of what was exported and erased (accountability, GDPR art. 5(2))',
    },
  ],
}
