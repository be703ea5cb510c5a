import {
  keysetPage,
  NEWEST_FIRST,
  Problem,
  renderTemplate,
  templateVariables,
  tenant,
  type TemplateVariable,
} from '#sdk'
import { templateResource, type TemplateRow } from './template_resource.js'
import { findPlatformTemplate } from './platform_templates.js'

/** The input of a content template (validated). */
export interface TemplateInput {
  name?: string
  template_type?: string
  content?: string
  variables?: TemplateVariable[]
  is_public?: boolean
  metadata?: Record<string, unknown>
}

/**
 * The declared variables of a template: those given, checked against what
 * the source reads (syntax errors are a 422 on `content`), or, when none are
 * given, every variable the source reads, required.
 */
export function declaredVariables(
  content: string,
  given: TemplateVariable[] | undefined,
  field = 'content'
): TemplateVariable[] {
  const used = templateVariables(content, field)
  if (!given) return used.map((name) => ({ name, required: true }))
  const names = new Set(given.map((variable) => variable.name))
  if (names.size !== given.length) {
    throw Problem.invalidField('variables', 'A variable is declared twice', 'unique')
  }
  const undeclared = used.filter((name) => !names.has(name))
  if (undeclared.length) {
    throw Problem.invalidField(
      'variables',
      `The template reads variables it does not declare: ${undeclared.join(', ')}`,
      'declared'
    )
  }
  return given
}

/**
 * A template visible here: this workspace's, its agency's shared ones (RLS
 * lets those through) or a platform template; null otherwise.
 */
export async function findTemplate(id: string): Promise<TemplateRow | null> {
  const platform = findPlatformTemplate(id)
  if (platform) return platform
  return (await templateResource.query().where('id', id).first()) ?? null
}

/** A page of this workspace's templates and the agency's shared ones, newest first. */
export function listTemplates(query: { limit?: number; cursor?: string; template_type?: string }) {
  const builder = templateResource.query()
  if (query.template_type) builder.where('template_type', query.template_type)
  return keysetPage(builder, { limit: query.limit, cursor: query.cursor, ...NEWEST_FIRST })
}

/** A template this workspace may change, or a 404 / 403 problem. */
async function ownTemplate(id: string) {
  const template = await findTemplate(id)
  if (!template) throw Problem.notFound('Template')
  if (template.source !== 'workspace') {
    throw Problem.forbidden(
      `This template is shared by the ${template.source}: it is read-only here`
    )
  }
  return template
}

/** Creates a template in the current workspace. */
export async function createTemplate(
  input: Required<Pick<TemplateInput, 'name' | 'template_type' | 'content'>> & TemplateInput
) {
  const variables = declaredVariables(input.content, input.variables)
  const { trx, workspaceId, userId } = tenant()
  const [created] = await trx
    .insertQuery()
    .table('content_templates')
    .insert({
      ...templateResource.values({ ...input, variables }, 'create'),
      workspace_id: workspaceId,
      created_by: userId,
    })
    .returning(['id'])
  return (await findTemplate(created.id))!
}

/** Changes a template of the current workspace. */
export async function updateTemplate(id: string, input: TemplateInput) {
  const current = await ownTemplate(id)
  const content = input.content ?? current.content
  const variables =
    input.content !== undefined || input.variables !== undefined
      ? declaredVariables(
          content,
          input.variables ?? (input.content ? undefined : current.variables)
        )
      : undefined
  const patch = templateResource.values({ ...input, variables }, 'update')
  if (Object.keys(patch).length) {
    await tenant().trx.from('content_templates').where('id', id).update(patch)
  }
  return findTemplate(id)
}

/** Deletes a template of the current workspace. */
export async function deleteTemplate(id: string) {
  await ownTemplate(id)
  await tenant().trx.from('content_templates').where('id', id).delete()
}

/** Renders a visible template with `values` (422 on missing or bad values). */
export async function renderContentTemplate(
  id: string,
  values: Record<string, unknown>,
  format: 'text' | 'html'
) {
  const template = await findTemplate(id)
  if (!template) return null
  const output = await renderTemplate(template.content, values, {
    declared: template.variables,
    escapeHtml: format === 'html',
    sourceField: 'content',
  })
  return { template_id: template.id, format, output }
}
