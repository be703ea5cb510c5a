// German translations of the elements' messages, in the module format of
// @lit/localize's runtime mode (ids are the `id` option of each msg()).
import { str } from '@lit/localize'

/** German templates by message id. */
export const templates = {
  'field.email': 'E-Mail',
  'field.first_name': 'Vorname',
  'field.last_name': 'Nachname',
  'field.company': 'Unternehmen',
  'field.phone': 'Telefon',
  'field.job_title': 'Position',
  'consent.default':
    'Ich bin einverstanden, Marketing-E-Mails zu erhalten. Ich kann mich jederzeit abmelden.',
  'select.placeholder': 'Bitte wählen…',
  'submit': 'Senden',
  'submitting': 'Wird gesendet…',
  'success': 'Vielen Dank! Wir melden uns bald.',
  'loading': 'Formular wird geladen…',
  'error.required': 'Dieses Feld ist erforderlich',
  'error.email': 'Geben Sie eine gültige E-Mail-Adresse ein',
  'error.maxLength': str`Höchstens ${0} Zeichen`,
  'error.option': 'Wählen Sie eine der Optionen',
  'error.consent': 'Ihre Einwilligung ist erforderlich',
  'error.invalid': 'Dieser Wert ist ungültig',
  'error.network':
    'Das Formular konnte nicht gesendet werden. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'error.rateLimited': 'Zu viele Versuche. Bitte warten Sie eine Minute.',
  'error.unavailable': 'Dieses Formular ist auf dieser Website nicht verfügbar.',
  'error.generic': 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  'assistant.heading': 'Fragen Sie unseren Assistenten',
  'assistant.youAsked': 'Ihre Frage:',
  'assistant.searching': 'Das Hilfe-Center wird durchsucht…',
  'assistant.sources': 'Quellen',
  'assistant.followUp': 'Eine weitere Frage stellen',
  'assistant.question': 'Ihre Frage',
  'assistant.answering': 'Antwort wird geschrieben…',
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
