import router from '@adonisjs/core/services/router'
import { answerValidator } from '../validators/answer_validator.js'
import {
  conversationPageValidator,
  createConversationValidator,
  listMessagesValidator,
  sendConversationMessageValidator,
  updateConversationValidator,
} from '../validators/conversation_validator.js'
import {
  createNoteValidator,
  listNotesValidator,
  updateNoteValidator,
} from '../validators/research_note_validator.js'
import * as schemas from '../openapi/conversation_schemas.js'
import { uuidParams } from '#sdk'

const AnswersController = () => import('../controllers/knowledge_answers_controller.js')
const ConversationsController = () => import('../controllers/knowledge_conversations_controller.js')
const MessagesController = () =>
  import('../controllers/knowledge_conversation_messages_controller.js')
const NotesController = () => import('../controllers/knowledge_research_notes_controller.js')

const tag = 'Knowledge'
const idParams = uuidParams()

/** How answers stream (shared by every answer route's description). */
export const STREAM_EVENTS =
  'With `Accept: text/event-stream` the answer streams as server-sent events: `start` (ids known before generation), ' +
  '`sources` (`sources`: the numbered chunks the model was given), `delta` (`text`) pieces whose concatenation is the stored answer, ' +
  '`citations` (`citations`: the sources the answer cites), then `done` (the JSON body of the non-streamed response) once the data is committed; ' +
  'or `error` (a problem object) if generation fails mid-stream, after which nothing is stored. Errors before the first event are ordinary problem+json responses.'

const CITATIONS =
  'Sources are numbered [1]..[n] in search order; the answer cites them with `[n]` markers, and markers naming no source are removed, so every `citations` entry names a chunk of this workspace that the text cites. ' +
  'When the search finds nothing relevant the answer says so, with no citations, and no model is called (`provider` and `model` are null).'

/**
 * Registers the answer, conversation, message, reference and research note
 * routes of the knowledge plugin.
 */
export default function registerConversationRoutes() {
  router.post('/knowledge/answer', [AnswersController, 'answer']).openapi({
    operationId: 'knowledge.answers.create',
    summary: 'Answer a question from the knowledge base with numbered citations',
    description: `${CITATIONS} ${STREAM_EVENTS} \`save_note: true\` also saves the answer as a research note (needs \`knowledge:write\`).`,
    tag,
    scope: 'knowledge:read',
    body: answerValidator,
    responses: {
      200: {
        description: 'The answer (JSON), or server-sent events (text/event-stream)',
        schema: schemas.answer,
      },
      502: { description: 'The AI provider failed' },
    },
  })

  router.get('/knowledge/conversations', [ConversationsController, 'index']).openapi({
    operationId: 'knowledge.conversations.list',
    summary: 'Your knowledge conversations, most recently active first',
    tag,
    scope: 'knowledge:read',
    query: conversationPageValidator,
    responses: {
      200: { description: 'A page of conversations', schema: schemas.conversationPage },
    },
  })
  router.post('/knowledge/conversations', [ConversationsController, 'store']).openapi({
    operationId: 'knowledge.conversations.create',
    summary: 'Start a conversation (private to you), optionally limited to some buckets',
    tag,
    scope: 'knowledge:write',
    body: createConversationValidator,
    responses: { 201: { description: 'Created', schema: schemas.conversation } },
  })
  router.get('/knowledge/conversations/:id', [ConversationsController, 'show']).openapi({
    operationId: 'knowledge.conversations.show',
    summary: 'One of your conversations',
    tag,
    scope: 'knowledge:read',
    params: idParams,
    responses: { 200: { description: 'The conversation', schema: schemas.conversation } },
  })
  router.patch('/knowledge/conversations/:id', [ConversationsController, 'update']).openapi({
    operationId: 'knowledge.conversations.update',
    summary: 'Rename a conversation or change its buckets or metadata',
    tag,
    scope: 'knowledge:write',
    params: idParams,
    body: updateConversationValidator,
    responses: { 200: { description: 'Updated', schema: schemas.conversation } },
  })
  router.delete('/knowledge/conversations/:id', [ConversationsController, 'destroy']).openapi({
    operationId: 'knowledge.conversations.delete',
    summary: 'Delete a conversation with its messages, references and the notes saved from it',
    tag,
    scope: 'knowledge:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  })
  router.get('/knowledge/conversations/:id/messages', [MessagesController, 'index']).openapi({
    operationId: 'knowledge.conversation_messages.list',
    summary: 'Messages of a conversation, oldest first',
    tag,
    scope: 'knowledge:read',
    params: idParams,
    query: listMessagesValidator,
    responses: { 200: { description: 'A page of messages', schema: schemas.messagePage } },
  })
  router.post('/knowledge/conversations/:id/messages', [MessagesController, 'store']).openapi({
    operationId: 'knowledge.conversation_messages.create',
    summary: 'Ask a question in a conversation; the cited answer is stored (JSON or streamed)',
    description: `The question is stored with its embedding; sources come from the message's \`bucket_ids\`, else the conversation's, else every bucket; the model sees the conversation's recent messages. ${CITATIONS} Each cited chunk is recorded as a reference of the conversation. ${STREAM_EVENTS}`,
    tag,
    scope: 'knowledge:write',
    params: idParams,
    body: sendConversationMessageValidator,
    responses: {
      201: { description: 'The stored question and answer (JSON mode)', schema: schemas.exchange },
      200: { description: 'Server-sent events (text/event-stream)' },
      502: { description: 'The AI provider failed' },
    },
  })
  router
    .get('/knowledge/conversations/:id/references', [ConversationsController, 'references'])
    .openapi({
      operationId: 'knowledge.conversation_references.list',
      summary: "Chunks the conversation's answers cited, oldest first",
      tag,
      scope: 'knowledge:read',
      params: idParams,
      query: conversationPageValidator,
      responses: { 200: { description: 'A page of references', schema: schemas.referencePage } },
    })

  router.get('/knowledge/research-notes', [NotesController, 'index']).openapi({
    operationId: 'knowledge.research_notes.list',
    summary: 'Your research notes, newest first',
    tag,
    scope: 'knowledge:read',
    query: listNotesValidator,
    responses: { 200: { description: 'A page of notes', schema: schemas.researchNotePage } },
  })
  router.post('/knowledge/research-notes', [NotesController, 'store']).openapi({
    operationId: 'knowledge.research_notes.create',
    summary: 'Save an answer of a conversation (message_id) or your own text as a research note',
    description:
      '`{ message_id }` copies an assistant answer of one of your conversations with its citations as `source_refs` (titled after its question unless `title` is given). `{ content, source_refs? }` saves your own text; chunks and documents named in `source_refs` must exist in the workspace.',
    tag,
    scope: 'knowledge:write',
    body: createNoteValidator,
    responses: { 201: { description: 'Created', schema: schemas.researchNote } },
  })
  router.get('/knowledge/research-notes/:id', [NotesController, 'show']).openapi({
    operationId: 'knowledge.research_notes.show',
    summary: 'One of your research notes',
    tag,
    scope: 'knowledge:read',
    params: idParams,
    responses: { 200: { description: 'The note', schema: schemas.researchNote } },
  })
  router.patch('/knowledge/research-notes/:id', [NotesController, 'update']).openapi({
    operationId: 'knowledge.research_notes.update',
    summary: 'Change the title, text or tags of a research note',
    tag,
    scope: 'knowledge:write',
    params: idParams,
    body: updateNoteValidator,
    responses: { 200: { description: 'Updated', schema: schemas.researchNote } },
  })
  router.delete('/knowledge/research-notes/:id', [NotesController, 'destroy']).openapi({
    operationId: 'knowledge.research_notes.delete',
    summary: 'Delete a research note',
    tag,
    scope: 'knowledge:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  })
}
