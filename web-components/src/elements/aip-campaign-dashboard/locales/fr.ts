// French translations of <aip-campaign-dashboard>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/fr.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).
import { str } from '@lit/localize'

/** French templates of <aip-campaign-dashboard>'s messages, by message id. */
export const templates = {
  'metric.impressions': 'Impressions',
  'metric.clicks': 'Clics',
  'metric.conversions': 'Conversions',
  'metric.cost': 'Coût',
  'metric.revenue': 'Chiffre d’affaires',
  'metric.ctr': 'Taux de clics',
  'metric.cpc': 'Coût par clic',
  'metric.cpa': 'Coût par acquisition',
  'metric.roi': 'Retour sur investissement',
  'dashboard.title': 'Tableau de bord de la campagne',
  'dashboard.campaign': 'Campagne',
  'dashboard.range': 'Période',
  'dashboard.lastDays': str`${0} derniers jours`,
  'dashboard.loading': 'Chargement du tableau de bord…',
  'dashboard.noCampaigns': 'Aucune campagne pour le moment.',
  'dashboard.noData': 'Aucune mesure enregistrée sur cette période.',
  'dashboard.unavailable': 'Ce tableau de bord n’est pas disponible sur ce site.',
  'dashboard.network':
    'Le tableau de bord n’a pas pu être chargé. Vérifiez votre connexion et réessayez.',
  'dashboard.session':
    'Votre session a expiré ou n’est pas valide. Reconnectez-vous pour voir ce tableau de bord.',
  'dashboard.notFound': 'Cette campagne est introuvable.',
  'dashboard.rateLimited': 'Trop de requêtes. Patientez une minute puis réessayez.',
  'dashboard.generic': 'Une erreur est survenue. Veuillez réessayer.',
  'dashboard.signIn': 'Connectez-vous pour voir ce tableau de bord.',
}
