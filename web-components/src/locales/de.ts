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
  'support.heading': 'Support kontaktieren',
  'support.name': 'Name',
  'support.subject': 'Betreff',
  'support.message': 'Wie können wir helfen?',
  'support.signedIn': str`Angemeldet als ${0}`,
  'support.success': 'Vielen Dank! Ihre Anfrage wurde gesendet; wir antworten per E-Mail.',
  'support.again': 'Weitere Anfrage senden',
}
