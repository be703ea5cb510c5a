// German translations of <aip-chat>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/de.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).

/** German templates of <aip-chat>'s messages, by message id. */
export const templates = {
  'chat.error.network':
    'Der Chat ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'chat.error.rateLimited':
    'Zu viele Nachrichten. Warten Sie eine Minute und versuchen Sie es erneut.',
  'chat.error.generic': 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  'chat.heading': 'Copilot-Chat',
  'chat.signedOut': 'Melden Sie sich an, um mit dem Copiloten zu chatten.',
  'chat.refused':
    'Ihre Sitzung ist abgelaufen oder ungültig. Melden Sie sich erneut an, um fortzufahren.',
  'chat.history': 'Ihre Unterhaltungen',
  'chat.new': 'Neue Unterhaltung',
  'chat.loading': 'Wird geladen…',
  'chat.empty': 'Noch keine Unterhaltungen.',
  'chat.you': 'Sie:',
  'chat.copilot': 'Copilot:',
  'chat.thinking': 'Denkt nach…',
  'chat.message': 'Nachricht',
}
