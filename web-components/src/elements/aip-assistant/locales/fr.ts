// French translations of <aip-assistant>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/fr.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).
import { str } from '@lit/localize'

/** French templates of <aip-assistant>'s messages, by message id. */
export const templates = {
  'assistant.heading': 'Posez votre question à notre assistant',
  'assistant.youAsked': 'Vous avez demandé :',
  'assistant.searching': 'Recherche dans le centre d’aide…',
  'assistant.sources': 'Sources',
  'assistant.followUp': 'Poser une autre question',
  'assistant.question': 'Votre question',
  'assistant.ask': 'Demander',
  'assistant.handoff': 'Parler à une personne',
  'assistant.handoff.sent': 'Merci ! Une personne de notre équipe vous répondra par e-mail.',
  'assistant.handoff.intro':
    'Nous transmettrons cette conversation à notre équipe avec votre message.',
  'assistant.handoff.send': 'Envoyer à notre équipe',
  'assistant.field.name': 'Nom',
  'assistant.field.note': 'Message (facultatif)',
  'assistant.cancel': 'Annuler',
  'assistant.transcript': 'Conversation avec l’assistant :',
  'assistant.transcript.q': 'Question',
  'assistant.transcript.a': 'Réponse',
  'assistant.subject': 'Assistant',
  'assistant.error.empty': 'Saisissez d’abord une question',
  'assistant.error.network': 'L’assistant est injoignable. Vérifiez votre connexion et réessayez.',
  'assistant.error.rateLimited': 'Trop de questions. Patientez une minute puis réessayez.',
  'assistant.error.unavailable': 'L’assistant n’est pas disponible sur ce site.',
  'assistant.error.generic': 'Une erreur est survenue. Veuillez réessayer.',
  'assistant.marker': str`Source ${0}: ${1}`,
}
