import router from '@adonisjs/core/services/router'
import { pageOf, uuidParams } from '#sdk'
import { contentPieceResource } from '../services/content_piece_resource.js'
import {
  generateContentValidator,
  listContentValidator,
  reviewContentValidator,
  updateContentValidator,
} from '../validators/content_validator.js'

const ContentController = () => import('../controllers/content_pieces_controller.js')

const piece = contentPieceResource.schema
const piecePage = pageOf('GeneratedContentPiecePage', piece)

const tag = 'Campaigns'
const params = uuidParams('id', 'pieceId')

/** Routes of generated content pieces and their approval workflow. */
export default function registerContentRoutes() {
  router.post('/campaigns/:id/content', [ContentController, 'store']).openapi({
    operationId: 'campaigns.content.generate',
    summary: 'Generate a content piece for a campaign through the AI gateway',
    tag,
    scope: 'campaigns:write',
    params: { id: params.id },
    body: generateContentValidator,
    responses: { 201: { description: 'Generated, pending approval', schema: piece } },
  })
  router.get('/campaigns/:id/content', [ContentController, 'index']).openapi({
    operationId: 'campaigns.content.list',
    summary: 'Content pieces of a campaign, newest first',
    tag,
    scope: 'campaigns:read',
    params: { id: params.id },
    query: listContentValidator,
    responses: { 200: { description: 'A page of content pieces', schema: piecePage } },
  })
  router.get('/campaigns/:id/content/:pieceId', [ContentController, 'show']).openapi({
    operationId: 'campaigns.content.show',
    summary: 'One content piece',
    tag,
    scope: 'campaigns:read',
    params,
    responses: { 200: { description: 'The content piece', schema: piece } },
  })
  router.patch('/campaigns/:id/content/:pieceId', [ContentController, 'update']).openapi({
    operationId: 'campaigns.content.update',
    summary: 'Edit a content piece (pending or needs_revision only; an edit resubmits it)',
    tag,
    scope: 'campaigns:write',
    params,
    body: updateContentValidator,
    responses: { 200: { description: 'Updated', schema: piece } },
  })
  router.post('/campaigns/:id/content/:pieceId/review', [ContentController, 'review']).openapi({
    operationId: 'campaigns.content.review',
    summary: 'Approve, reject or request a revision of a pending piece',
    tag,
    scope: 'campaigns:write',
    params,
    body: reviewContentValidator,
    responses: { 200: { description: 'Reviewed', schema: piece } },
  })
  router.delete('/campaigns/:id/content/:pieceId', [ContentController, 'destroy']).openapi({
    operationId: 'campaigns.content.delete',
    summary: 'Delete a content piece',
    tag,
    scope: 'campaigns:write',
    params,
    responses: { 204: { description: 'Deleted' } },
  })
}
