/*
| The public face of this domain: the ONLY file other modules and plugins may
| import (as `#modules/mail/services/index`). Everything else is private.
*/
export {
  MAIL_LOCALES,
  TRANSACTIONAL_MAILS,
  formatMailDate,
  mailLocale,
  queueTransactionalMail,
  renderTransactionalMail,
  type MailLocale,
  type TransactionalMail,
} from './transactional_mails.js'
export { workspaceSender, type WorkspaceSender } from './sender_identity_service.js'
