import mjml2html from 'mjml'
import TurndownService from 'turndown'
import { Problem, renderTemplate, templateVariables } from '#sdk'

/** Merge fields every contact has; a template may read these and `metadata.*`. */
export const CONTACT_FIELDS = ['email', 'name', 'first_name', 'company', 'metadata'] as const

/**
 * Compiles MJML to responsive HTML (strict validation: an MJML error is a 422
 * on `mjml_content`) and checks the Liquid merge fields of subject, HTML and
 * text, returning the compiled HTML and the variables the template reads.
 */
export async function compileTemplate(input: {
  subject_line: string
  mjml_content?: string | null
  html_content?: string | null
  plain_text?: string | null
}) {
  let html = input.html_content ?? ''
  if (input.mjml_content) {
    let result
    try {
      result = await mjml2html(input.mjml_content, { validationLevel: 'strict' })
    } catch (error) {
      throw Problem.invalidField('mjml_content', `Invalid MJML: ${(error as Error).message}`)
    }
    if (result.errors?.length) {
      const first = result.errors[0]
      throw Problem.invalidField(
        'mjml_content',
        `Invalid MJML: ${first.formattedMessage ?? first.message}`
      )
    }
    html = result.html
  }
  if (!html.trim()) throw Problem.invalidField('mjml_content', 'The template has no content')
  const variables = new Set<string>([
    ...templateVariables(input.subject_line, 'subject_line'),
    ...templateVariables(html, input.mjml_content ? 'mjml_content' : 'html_content'),
    ...(input.plain_text ? templateVariables(input.plain_text, 'plain_text') : []),
  ])
  return { html_content: html, variables: { fields: [...variables].sort() } }
}

const turndown = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-' })
turndown.remove(['style', 'head', 'title', 'script'])

/** The plain-text part made from rendered HTML (links kept as `text (url)`). */
export function htmlToText(html: string) {
  const markdown = turndown.turndown(html)
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\(([^)\s]+)[^)]*\)/g, '$1 ($2)')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/**
 * The plain-text template made from an HTML template's source, once: Liquid
 * tags are set aside while the HTML becomes text (Markdown escaping would
 * break them), then put back, so each message renders text with Liquid only.
 */
export function htmlTemplateToText(source: string) {
  const tags: string[] = []
  const guarded = source.replace(
    /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g,
    (tag) => `LIQUIDTAG${tags.push(tag) - 1}X`
  )
  return htmlToText(guarded).replace(/LIQUIDTAG(\d+)X/g, (_, index: string) => tags[Number(index)])
}

/** The merge-field values of a contact. */
export function contactValues(contact: {
  email: string
  name: string | null
  company: string | null
  metadata: Record<string, unknown>
}) {
  return {
    email: contact.email,
    name: contact.name ?? '',
    first_name: (contact.name ?? '').trim().split(/\s+/)[0] ?? '',
    company: contact.company ?? '',
    metadata: contact.metadata ?? {},
  }
}

/**
 * Renders a template for one recipient: subject and text unescaped, HTML with
 * values escaped; the text part is generated from the HTML when the template
 * has none. `extra` values (unsubscribe_url) are available to every template.
 */
export async function renderMessage(
  template: { subject_line: string; html_content: string; plain_text: string | null },
  values: Record<string, unknown>,
  subjectOverride?: string | null
) {
  const subjectSource = subjectOverride ?? template.subject_line
  const renderedSubject = await renderTemplate(subjectSource, values, {
    sourceField: 'subject_line',
  })
  const html = await renderTemplate(template.html_content, values, {
    escapeHtml: true,
    sourceField: 'html_content',
  })
  const text = template.plain_text
    ? await renderTemplate(template.plain_text, values, { sourceField: 'plain_text' })
    : htmlToText(html)
  return { subject: renderedSubject.replace(/\s+/g, ' ').trim(), html, text }
}
