// German translations of <aip-campaign-dashboard>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/de.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).
import { str } from '@lit/localize'

/** German templates of <aip-campaign-dashboard>'s messages, by message id. */
export const templates = {
  'metric.impressions': 'Impressionen',
  'metric.clicks': 'Klicks',
  'metric.conversions': 'Conversions',
  'metric.cost': 'Kosten',
  'metric.revenue': 'Umsatz',
  'metric.ctr': 'Klickrate',
  'metric.cpc': 'Kosten pro Klick',
  'metric.cpa': 'Kosten pro Akquisition',
  'metric.roi': 'Kapitalrendite',
  'dashboard.title': 'Kampagnen-Dashboard',
  'dashboard.campaign': 'Kampagne',
  'dashboard.range': 'Zeitraum',
  'dashboard.lastDays': str`Letzte ${0} Tage`,
  'dashboard.loading': 'Dashboard wird geladen…',
  'dashboard.noCampaigns': 'Noch keine Kampagnen.',
  'dashboard.noData': 'In diesem Zeitraum wurden keine Messwerte erfasst.',
  'dashboard.unavailable': 'Dieses Dashboard ist auf dieser Website nicht verfügbar.',
  'dashboard.network':
    'Das Dashboard konnte nicht geladen werden. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'dashboard.session':
    'Ihre Sitzung ist abgelaufen oder ungültig. Melden Sie sich erneut an, um dieses Dashboard zu sehen.',
  'dashboard.notFound': 'Diese Kampagne wurde nicht gefunden.',
  'dashboard.rateLimited': 'Zu viele Anfragen. Warten Sie eine Minute und versuchen Sie es erneut.',
  'dashboard.generic': 'Ein Fehler ist aufgetreten. Bitte versuchen Sie es erneut.',
  'dashboard.signIn': 'Melden Sie sich an, um dieses Dashboard zu sehen.',
}
