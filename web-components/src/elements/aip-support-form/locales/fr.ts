// French translations of <aip-support-form>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/fr.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).
import { str } from '@lit/localize'

/** French templates of <aip-support-form>'s messages, by message id. */
export const templates = {
  'support.heading': 'Contacter le support',
  'support.name': 'Nom',
  'support.subject': 'Objet',
  'support.message': 'Comment pouvons-nous vous aider ?',
  'support.signedIn': str`Connecté en tant que ${0}`,
  'support.success': 'Merci ! Votre demande a été envoyée ; nous vous répondrons par e-mail.',
  'support.again': 'Envoyer une autre demande',
}
