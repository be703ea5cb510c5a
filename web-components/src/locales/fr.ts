// French translations of the messages shared by several elements (the base
// classes, the form controller, and ids used by more than one element), in the module
// format of @lit/localize's runtime mode (ids are the `id` option of each msg()).
// Each element's own messages live in its folder: src/elements/<name>/locales/fr.ts.
import { str } from '@lit/localize'

/** French templates of the shared messages, by message id. */
export const templates = {
  'field.email': 'E-mail',
  'submit': 'Envoyer',
  'submitting': 'Envoi…',
  'error.required': 'Ce champ est obligatoire',
  'error.email': 'Saisissez une adresse e-mail valide',
  'error.maxLength': str`${0} caractères au maximum`,
  'error.option': 'Choisissez une des options',
  'error.consent': 'Votre consentement est nécessaire',
  'error.invalid': 'Cette valeur n’est pas valide',
  'error.network': 'Le formulaire n’a pas pu être envoyé. Vérifiez votre connexion et réessayez.',
  'error.rateLimited': 'Trop de tentatives. Patientez une minute puis réessayez.',
  'error.unavailable': 'Ce formulaire n’est pas disponible sur ce site.',
  'error.generic': 'Une erreur est survenue. Veuillez réessayer.',
  'assistant.answering': 'Réponse en cours…',
}
