// German translations of <aip-support-form>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/de.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).
import { str } from '@lit/localize'

/** German templates of <aip-support-form>'s messages, by message id. */
export const templates = {
  'support.heading': 'Support kontaktieren',
  'support.name': 'Name',
  'support.subject': 'Betreff',
  'support.message': 'Wie können wir helfen?',
  'support.signedIn': str`Angemeldet als ${0}`,
  'support.success': 'Vielen Dank! Ihre Anfrage wurde gesendet; wir antworten per E-Mail.',
  'support.again': 'Weitere Anfrage senden',
}
