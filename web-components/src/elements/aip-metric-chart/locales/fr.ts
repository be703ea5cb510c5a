// French translations of <aip-metric-chart>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/fr.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).
import { str } from '@lit/localize'

/** French templates of <aip-metric-chart>'s messages, by message id. */
export const templates = {
  'chart.summary': str`${0}, par jour du ${1} au ${2}`,
  'chart.empty': 'Aucune donnée pour cette période',
  'chart.showTable': 'Afficher le tableau des données',
  'chart.hideTable': 'Masquer le tableau des données',
  'chart.table': 'Tableau des données',
  'chart.day': 'Jour',
}
