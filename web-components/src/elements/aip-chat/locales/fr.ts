// French translations of <aip-chat>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/fr.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).

/** French templates of <aip-chat>'s messages, by message id. */
export const templates = {
  'chat.error.network': 'Le chat est injoignable. Vérifiez votre connexion et réessayez.',
  'chat.error.rateLimited': 'Trop de messages. Patientez une minute puis réessayez.',
  'chat.error.generic': 'Une erreur est survenue. Veuillez réessayer.',
  'chat.heading': 'Chat avec le copilote',
  'chat.signedOut': 'Connectez-vous pour discuter avec le copilote.',
  'chat.refused': 'Votre session a expiré ou n’est pas valide. Reconnectez-vous pour continuer.',
  'chat.history': 'Vos conversations',
  'chat.new': 'Nouvelle conversation',
  'chat.loading': 'Chargement…',
  'chat.empty': 'Aucune conversation pour l’instant.',
  'chat.you': 'Vous :',
  'chat.copilot': 'Copilote :',
  'chat.thinking': 'Réflexion…',
  'chat.message': 'Message',
}
