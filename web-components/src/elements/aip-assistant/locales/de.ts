// German translations of <aip-assistant>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/de.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).
import { str } from '@lit/localize'

/** German templates of <aip-assistant>'s messages, by message id. */
export const templates = {
  'assistant.heading': 'Fragen Sie unseren Assistenten',
  'assistant.youAsked': 'Ihre Frage:',
  'assistant.searching': 'Das Hilfe-Center wird durchsucht…',
  'assistant.sources': 'Quellen',
  'assistant.followUp': 'Eine weitere Frage stellen',
  'assistant.question': 'Ihre Frage',
  'assistant.ask': 'Fragen',
  'assistant.handoff': 'Mit einem Menschen sprechen',
  'assistant.handoff.sent': 'Danke! Jemand aus unserem Team antwortet Ihnen per E-Mail.',
  'assistant.handoff.intro': 'Wir senden diese Unterhaltung mit Ihrer Nachricht an unser Team.',
  'assistant.handoff.send': 'An unser Team senden',
  'assistant.field.name': 'Name',
  'assistant.field.note': 'Nachricht (optional)',
  'assistant.cancel': 'Abbrechen',
  'assistant.transcript': 'Unterhaltung mit dem Assistenten:',
  'assistant.transcript.q': 'Frage',
  'assistant.transcript.a': 'Antwort',
  'assistant.subject': 'Assistent',
  'assistant.error.empty': 'Geben Sie zuerst eine Frage ein',
  'assistant.error.network':
    'Der Assistent ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'assistant.error.rateLimited':
    'Zu viele Fragen. Warten Sie eine Minute und versuchen Sie es erneut.',
  'assistant.error.unavailable': 'Der Assistent ist auf dieser Website nicht verfügbar.',
  'assistant.error.generic': 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  'assistant.marker': str`Quelle ${0}: ${1}`,
}
