// German translations of the messages shared by several elements (the base
// classes, the form controller, and ids used by more than one element), in the module
// format of @lit/localize's runtime mode (ids are the `id` option of each msg()).
// Each element's own messages live in its folder: src/elements/<name>/locales/de.ts.
import { str } from '@lit/localize'

/** German templates of the shared messages, by message id. */
export const templates = {
  'field.email': 'E-Mail',
  'submit': 'Senden',
  'submitting': 'Wird gesendet…',
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
  'assistant.answering': 'Antwort wird geschrieben…',
}
