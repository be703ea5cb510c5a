// French translations of <aip-autopilot-inbox>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/fr.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).
import { str } from '@lit/localize'

/** French templates of <aip-autopilot-inbox>'s messages, by message id. */
export const templates = {
  'autopilot.priority.high': 'Haute',
  'autopilot.priority.medium': 'Moyenne',
  'autopilot.priority.low': 'Basse',
  'autopilot.lead.new': 'Nouveau',
  'autopilot.lead.contacted': 'Contacté',
  'autopilot.lead.qualified': 'Qualifié',
  'autopilot.lead.converted': 'Converti',
  'autopilot.error.session': 'Connectez-vous pour voir la boîte de l’autopilote.',
  'autopilot.error.expired': 'Votre session a expiré. Rechargez la page pour vous reconnecter.',
  'autopilot.error.forbidden': 'Vous n’êtes pas autorisé à faire ceci ici.',
  'autopilot.error.conflict': 'Cette proposition a déjà été tranchée.',
  'autopilot.error.generic': 'Une erreur est survenue. Veuillez réessayer.',
  'autopilot.proposal.pause': str`Mettre en pause ${0} (budget quotidien ${1} → ${2})`,
  'autopilot.proposal.budget': str`Passer le budget quotidien ${0} de ${1} à ${2}`,
  'autopilot.approved': str`Approuvé et appliqué : ${0}`,
  'autopilot.rejected': str`Refusé : ${0}`,
  'autopilot.loading': 'Chargement de la boîte…',
  'autopilot.proposals': 'En attente d’approbation',
  'autopilot.proposals.empty': 'Rien n’attend votre approbation.',
  'autopilot.leads': 'Boîte des leads',
  'autopilot.col.lead': 'Lead',
  'autopilot.col.priority': 'Priorité',
  'autopilot.col.score': 'Score',
  'autopilot.col.action': 'Prochaine étape',
  'autopilot.col.status': 'Statut',
  'autopilot.leads.empty': 'Pas encore de leads.',
  'autopilot.note': 'Note (facultative)',
  'autopilot.approve': 'Approuver',
  'autopilot.reject': 'Refuser',
}
