// French translations of <aip-lead-form>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/fr.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).

/** French templates of <aip-lead-form>'s messages, by message id. */
export const templates = {
  'field.first_name': 'Prénom',
  'field.last_name': 'Nom',
  'field.company': 'Entreprise',
  'field.phone': 'Téléphone',
  'field.job_title': 'Fonction',
  'consent.default':
    'J’accepte de recevoir des e-mails marketing. Je peux me désinscrire à tout moment.',
  'select.placeholder': 'Choisir…',
  'success': 'Merci ! Nous vous recontacterons très vite.',
  'loading': 'Chargement du formulaire…',
}
