import {
  keysetPage,
  NEWEST_FIRST,
  Problem,
  renderTemplate,
  tenant,
  type TemplateVariable,
} from '#sdk'
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib'
import {
  proposalTemplateResource,
  type ProposalSection,
  type ProposalTemplateRow,
} from './proposal_template_resource.js'
import { declaredVariables } from './template_service.js'
import { activeBrandKit } from './brand_kit_service.js'

/** The input of a proposal template (validated). */
export interface ProposalInput {
  name?: string
  content?: string
  sections?: ProposalSection[]
  variables?: TemplateVariable[]
  metadata?: Record<string, unknown>
}

/** Every source of a proposal (introduction and sections), for the variable check. */
function allSources(content: string, sections: ProposalSection[]) {
  return [content, ...sections.flatMap((section) => [section.heading, section.body])].join('\n')
}

/** One proposal template of the current workspace, or null. */
export async function findProposal(id: string): Promise<ProposalTemplateRow | null> {
  return (await proposalTemplateResource.query().where('id', id).first()) ?? null
}

/** A page of proposal templates, newest first. */
export function listProposals(query: { limit?: number; cursor?: string }) {
  return keysetPage(proposalTemplateResource.query(), { ...query, ...NEWEST_FIRST })
}

/** Creates a proposal template in the current workspace. */
export async function createProposal(input: ProposalInput & { name: string; content: string }) {
  const sections = input.sections ?? []
  const variables = declaredVariables(
    allSources(input.content, sections),
    input.variables,
    'sections'
  )
  const { trx, workspaceId, userId } = tenant()
  const [created] = await trx
    .insertQuery()
    .table('proposal_templates')
    .insert({
      ...proposalTemplateResource.values({ ...input, sections, variables }, 'create'),
      workspace_id: workspaceId,
      user_id: userId,
    })
    .returning(['id'])
  return (await findProposal(created.id))!
}

/** Changes a proposal template. */
export async function updateProposal(id: string, input: ProposalInput) {
  const current = await findProposal(id)
  if (!current) return null
  const content = input.content ?? current.content
  const sections = input.sections ?? current.sections
  const sourcesChanged = input.content !== undefined || input.sections !== undefined
  const variables =
    sourcesChanged || input.variables !== undefined
      ? declaredVariables(
          allSources(content, sections),
          input.variables ?? (sourcesChanged ? undefined : current.variables),
          'sections'
        )
      : undefined
  const patch = proposalTemplateResource.values({ ...input, variables }, 'update')
  if (Object.keys(patch).length) {
    await tenant().trx.from('proposal_templates').where('id', id).update(patch)
  }
  return findProposal(id)
}

/** Deletes a proposal template; false when it does not exist. */
export async function deleteProposal(id: string) {
  return Number(await tenant().trx.from('proposal_templates').where('id', id).delete()) > 0
}

/** A proposal rendered: its title, introduction and sections as text. */
interface RenderedProposal {
  title: string
  introduction: string
  sections: ProposalSection[]
}

/** Renders every part of a proposal with `values` (422 on missing or bad values). */
async function renderParts(
  proposal: ProposalTemplateRow,
  values: Record<string, unknown>,
  escapeHtml: boolean
): Promise<RenderedProposal> {
  const options = { declared: proposal.variables, escapeHtml, sourceField: 'content' }
  const introduction = await renderTemplate(proposal.content, values, options)
  const sections: ProposalSection[] = []
  for (const [index, section] of proposal.sections.entries()) {
    const field = { ...options, declared: undefined, sourceField: `sections.${index}` }
    sections.push({
      heading: await renderTemplate(section.heading, values, field),
      body: await renderTemplate(section.body, values, field),
    })
  }
  const title = escapeHtml ? escape(proposal.name) : proposal.name
  return { title, introduction, sections }
}

function escape(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** A colour of the active brand kit (or the default), for the HTML and the PDF. */
async function accentColor() {
  const kit = await activeBrandKit()
  const color = kit?.asset_data.colors?.primary
  return typeof color === 'string' && /^#[0-9a-fA-F]{6}$/.test(color) ? color : '#1f2937'
}

/** The proposal as a standalone HTML document (values escaped), in the brand's colour. */
export async function proposalHtml(id: string, values: Record<string, unknown>) {
  const proposal = await findProposal(id)
  if (!proposal) return null
  const parts = await renderParts(proposal, values, true)
  const color = await accentColor()
  const paragraphs = (text: string) =>
    text
      .split(/\n{2,}/)
      .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>')}</p>`)
      .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${parts.title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;line-height:1.5}h1,h2{color:${color}}</style>
</head><body>
<h1>${parts.title}</h1>
${paragraphs(parts.introduction)}
${parts.sections.map((section) => `<h2>${section.heading}</h2>\n${paragraphs(section.body)}`).join('\n')}
</body></html>
`
}

/** Text the PDF standard fonts can draw (WinAnsi): other characters become `?`. */
function winAnsi(text: string) {
  return text.replace(
    /[^\x20-\x7e\u00a0-\u00ff\n\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u20ac]/g,
    '?'
  )
}

/**
 * The proposal as a PDF (pdf-lib, offline): A4 pages, headings in the
 * brand's colour, text wrapped to the page. The standard fonts cover Latin-1
 * only; other characters print as `?`.
 */
export async function proposalPdf(id: string, values: Record<string, unknown>) {
  const proposal = await findProposal(id)
  if (!proposal) return null
  const parts = await renderParts(proposal, values, false)
  const brandColor = await accentColor()
  const hex = brandColor.slice(1)
  const accent = rgb(
    Number.parseInt(hex.slice(0, 2), 16) / 255,
    Number.parseInt(hex.slice(2, 4), 16) / 255,
    Number.parseInt(hex.slice(4, 6), 16) / 255
  )
  const pdf = await PDFDocument.create()
  pdf.setTitle(winAnsi(proposal.name))
  pdf.setProducer('Action Insight Pilot')
  const regular = await pdf.embedFont(StandardFonts.Helvetica)
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold)
  const [width, height] = [595.28, 841.89]
  const margin = 56
  let page = pdf.addPage([width, height])
  let y = height - margin
  const write = (text: string, size: number, font = regular, color = rgb(0.1, 0.1, 0.1)) => {
    for (const paragraph of winAnsi(text).split('\n')) {
      const words = paragraph.split(/\s+/).filter(Boolean)
      let line = ''
      const flush = () => {
        if (y < margin + size) {
          page = pdf.addPage([width, height])
          y = height - margin
        }
        page.drawText(line, { x: margin, y, size, font, color })
        y -= size * 1.4
        line = ''
      }
      for (const word of words) {
        const next = line ? `${line} ${word}` : word
        if (font.widthOfTextAtSize(next, size) > width - 2 * margin && line) {
          flush()
          line = word
        } else line = next
      }
      if (line) flush()
      else y -= size * 0.7
    }
    y -= size * 0.6
  }
  write(parts.title, 22, bold, accent)
  write(parts.introduction, 11)
  for (const section of parts.sections) {
    write(section.heading, 15, bold, accent)
    write(section.body, 11)
  }
  if (pdf.getPageCount() > 200)
    throw Problem.invalidField('values', 'The proposal is longer than 200 pages', 'max_pages')
  return { name: proposal.name, bytes: await pdf.save() }
}
