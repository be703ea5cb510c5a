import router from '@adonisjs/core/services/router'
import { mailSchemas } from './openapi/mail_schemas.js'
import {
  devOutboxQueryValidator,
  senderIdentityValidator,
  testMailValidator,
} from './validators/mail_validator.js'

const MailSenderController = () => import('./controllers/mail_sender_controller.js')
const DevOutboxController = () => import('./controllers/dev_outbox_controller.js')

/** The workspace's sender identity, a test send, and the development outbox. */
export default function registerMailRoutes() {
  router.get('/mail/dev-outbox', [DevOutboxController, 'index']).openapi({
    operationId: 'core.mail.dev_outbox',
    summary: 'Messages kept while no SMTP relay is configured (development, loopback clients only)',
    description:
      'Answers only to clients on the machine itself and only while SMTP_HOST is unset; 404 otherwise.',
    tag: 'Mail',
    auth: 'none',
    query: devOutboxQueryValidator,
    responses: {
      200: { description: 'Newest messages first', schema: mailSchemas.devOutbox },
      404: { description: 'A relay is configured, or the client is not local' },
    },
  })

  router.group(() => {
    router.get('/mail/sender', [MailSenderController, 'show']).openapi({
      operationId: 'core.mail_sender.show',
      summary: "The workspace's sender identity (from, reply-to, DKIM public key)",
      tag: 'Mail',
      scope: 'mail:read',
      responses: {
        200: { description: 'The sender identity', schema: mailSchemas.senderIdentity },
        404: { description: "None: mail goes out with the platform's sender" },
      },
    })
    router.put('/mail/sender', [MailSenderController, 'update']).openapi({
      operationId: 'core.mail_sender.update',
      summary:
        'Set the sender identity; the DKIM private key is sealed and never returned (admins)',
      tag: 'Mail',
      scope: 'mail:write',
      body: senderIdentityValidator,
      responses: {
        200: { description: 'Saved', schema: mailSchemas.senderIdentity },
        403: { description: 'Not an admin of the workspace' },
      },
    })
    router.delete('/mail/sender', [MailSenderController, 'destroy']).openapi({
      operationId: 'core.mail_sender.delete',
      summary: 'Remove the sender identity and its DKIM key (admins)',
      tag: 'Mail',
      scope: 'mail:write',
      responses: {
        204: { description: 'Removed' },
        403: { description: 'Not an admin of the workspace' },
      },
    })
    router.post('/mail/sender/test', [MailSenderController, 'test']).openapi({
      operationId: 'core.mail_sender.test',
      summary: 'Queue a test message with the sender identity (admins)',
      tag: 'Mail',
      scope: 'mail:write',
      body: testMailValidator,
      responses: {
        202: { description: 'Queued', schema: mailSchemas.queued },
        403: { description: 'Not an admin of the workspace' },
      },
    })
  })
}
