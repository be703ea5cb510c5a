import { tenant } from '#sdk'
import type { FormDefinition } from './embed_form_service.js'

/** The lead form of one embed key, as the admin routes answer it. */
export interface LeadForm {
  embed_key_id: string
  form_definition: FormDefinition | null
  updated_at: string | Date | null
}

/** The lead form of a key (its own definition, or null for the default form). */
export async function leadFormOf(embedKeyId: string): Promise<LeadForm> {
  const { trx, workspaceId } = tenant()
  const row = await trx
    .from('lead_forms')
    .select('form_definition', 'updated_at')
    .where({ workspace_id: workspaceId!, embed_key_id: embedKeyId })
    .first()
  return {
    embed_key_id: embedKeyId,
    form_definition: row?.form_definition ?? null,
    updated_at: row?.updated_at ?? null,
  }
}

/**
 * The own form definition of an embed key in the current workspace, or null
 * (the key serves the default form): what the public embed routes read
 * (as `app_anon`).
 */
export async function ownFormDefinition(embedKeyId: string): Promise<FormDefinition | null> {
  const form = await leadFormOf(embedKeyId)
  return form.form_definition
}

/** Sets the key's own form, or removes it (null: back to the default form). */
export async function saveLeadForm(
  embedKeyId: string,
  definition: FormDefinition | null
): Promise<LeadForm> {
  const { trx, workspaceId, userId } = tenant()
  if (!definition) {
    await trx
      .from('lead_forms')
      .where({ workspace_id: workspaceId!, embed_key_id: embedKeyId })
      .delete()
    return { embed_key_id: embedKeyId, form_definition: null, updated_at: null }
  }
  const [row] = await trx
    .insertQuery()
    .table('lead_forms')
    .insert({
      workspace_id: workspaceId,
      embed_key_id: embedKeyId,
      // jsonb values go to PostgreSQL as JSON text.
      form_definition: JSON.stringify(definition),
      created_by: userId,
    })
    .onConflict(['workspace_id', 'embed_key_id'])
    .merge(['form_definition'])
    .returning(['form_definition', 'updated_at'])
  return { embed_key_id: embedKeyId, ...row }
}
