// German translations of <aip-metric-chart>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/de.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).
import { str } from '@lit/localize'

/** German templates of <aip-metric-chart>'s messages, by message id. */
export const templates = {
  'chart.summary': str`${0}, täglich vom ${1} bis ${2}`,
  'chart.empty': 'Keine Daten für diesen Zeitraum',
  'chart.showTable': 'Datentabelle anzeigen',
  'chart.hideTable': 'Datentabelle ausblenden',
  'chart.table': 'Datentabelle',
  'chart.day': 'Tag',
}
