// German translations of <aip-lead-form>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/de.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).

/** German templates of <aip-lead-form>'s messages, by message id. */
export const templates = {
  'field.first_name': 'Vorname',
  'field.last_name': 'Nachname',
  'field.company': 'Unternehmen',
  'field.phone': 'Telefon',
  'field.job_title': 'Position',
  'consent.default':
    'Ich bin einverstanden, Marketing-E-Mails zu erhalten. Ich kann mich jederzeit abmelden.',
  'select.placeholder': 'Bitte wählen…',
  'success': 'Vielen Dank! Wir melden uns bald.',
  'loading': 'Formular wird geladen…',
}
