import type { HttpContext } from '@adonisjs/core/http'
import { idParam, pageQueryValidator, Problem } from '#sdk'
import {
  createProposalValidator,
  renderProposalValidator,
  updateProposalValidator,
} from '../validators/template_validator.js'
import {
  createProposal,
  deleteProposal,
  findProposal,
  listProposals,
  proposalHtml,
  proposalPdf,
  updateProposal,
} from '../services/proposal_service.js'

/** Proposal templates: CRUD, and rendering to HTML or PDF. */
export default class ProposalTemplatesController {
  async index({ request }: HttpContext) {
    return listProposals(await pageQueryValidator.validate(request.qs()))
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createProposalValidator)
    response.status(201)
    return createProposal(input)
  }

  async show({ params }: HttpContext) {
    const proposal = await findProposal(idParam(params, 'Proposal template'))
    if (!proposal) throw Problem.notFound('Proposal template')
    return proposal
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Proposal template')
    const proposal = await updateProposal(id, await request.validateUsing(updateProposalValidator))
    if (!proposal) throw Problem.notFound('Proposal template')
    return proposal
  }

  async destroy({ params, response }: HttpContext) {
    if (!(await deleteProposal(idParam(params, 'Proposal template')))) {
      throw Problem.notFound('Proposal template')
    }
    response.status(204)
  }

  /** The proposal rendered as an HTML document (values escaped). */
  async html({ params, request, response }: HttpContext) {
    const id = idParam(params, 'Proposal template')
    const { values } = await request.validateUsing(renderProposalValidator)
    const html = await proposalHtml(id, values)
    if (html === null) throw Problem.notFound('Proposal template')
    response.header('Content-Type', 'text/html; charset=utf-8')
    response.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
    return html
  }

  /** The proposal rendered as a PDF. */
  async pdf({ params, request, response }: HttpContext) {
    const id = idParam(params, 'Proposal template')
    const { values } = await request.validateUsing(renderProposalValidator)
    const pdf = await proposalPdf(id, values)
    if (!pdf) throw Problem.notFound('Proposal template')
    response.header('Content-Type', 'application/pdf')
    response.header(
      'Content-Disposition',
      `attachment; filename="${pdf.name.replace(/[^A-Za-z0-9 _-]/g, '_').slice(0, 100)}.pdf"`
    )
    return Buffer.from(pdf.bytes)
  }
}
