// German translations of <aip-autopilot-inbox>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/de.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).
import { str } from '@lit/localize'

/** German templates of <aip-autopilot-inbox>'s messages, by message id. */
export const templates = {
  'autopilot.priority.high': 'Hoch',
  'autopilot.priority.medium': 'Mittel',
  'autopilot.priority.low': 'Niedrig',
  'autopilot.lead.new': 'Neu',
  'autopilot.lead.contacted': 'Kontaktiert',
  'autopilot.lead.qualified': 'Qualifiziert',
  'autopilot.lead.converted': 'Konvertiert',
  'autopilot.error.session': 'Melden Sie sich an, um den Autopilot-Eingang zu sehen.',
  'autopilot.error.expired':
    'Ihre Sitzung ist abgelaufen. Laden Sie die Seite neu, um sich erneut anzumelden.',
  'autopilot.error.forbidden': 'Sie dürfen das hier nicht tun.',
  'autopilot.error.conflict': 'Über diesen Vorschlag wurde bereits entschieden.',
  'autopilot.error.generic': 'Etwas ist schiefgelaufen. Bitte erneut versuchen.',
  'autopilot.proposal.pause': str`${0} pausieren (Tagesbudget ${1} → ${2})`,
  'autopilot.proposal.budget': str`Tagesbudget für ${0} von ${1} auf ${2} ändern`,
  'autopilot.approved': str`Genehmigt und angewendet: ${0}`,
  'autopilot.rejected': str`Abgelehnt: ${0}`,
  'autopilot.loading': 'Eingang wird geladen…',
  'autopilot.proposals': 'Wartet auf Genehmigung',
  'autopilot.proposals.empty': 'Nichts wartet auf Ihre Genehmigung.',
  'autopilot.leads': 'Lead-Eingang',
  'autopilot.col.lead': 'Lead',
  'autopilot.col.priority': 'Priorität',
  'autopilot.col.score': 'Score',
  'autopilot.col.action': 'Nächster Schritt',
  'autopilot.col.status': 'Status',
  'autopilot.leads.empty': 'Noch keine Leads.',
  'autopilot.note': 'Notiz (optional)',
  'autopilot.approve': 'Genehmigen',
  'autopilot.reject': 'Ablehnen',
}
