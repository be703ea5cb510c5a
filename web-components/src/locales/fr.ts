// French translations of the elements' messages, in the module format of
// @lit/localize's runtime mode (ids are the `id` option of each msg()).
import { str } from '@lit/localize'

/** French templates by message id. */
export const templates = {
  'field.email': 'E-mail',
  'field.first_name': 'Prénom',
  'field.last_name': 'Nom',
  'field.company': 'Entreprise',
  'field.phone': 'Téléphone',
  'field.job_title': 'Fonction',
  'consent.default':
    'J’accepte de recevoir des e-mails marketing. Je peux me désinscrire à tout moment.',
  'select.placeholder': 'Choisir…',
  'submit': 'Envoyer',
  'submitting': 'Envoi…',
  'success': 'Merci ! Nous vous recontacterons très vite.',
  'loading': 'Chargement du formulaire…',
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
  'support.heading': 'Contacter le support',
  'support.name': 'Nom',
  'support.subject': 'Objet',
  'support.message': 'Comment pouvons-nous vous aider ?',
  'support.signedIn': str`Connecté en tant que ${0}`,
  'support.success': 'Merci ! Votre demande a été envoyée ; nous vous répondrons par e-mail.',
  'support.again': 'Envoyer une autre demande',
}
