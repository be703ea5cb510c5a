// German translations of <aip-video-studio>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/de.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).
import { str } from '@lit/localize'

/** German templates of <aip-video-studio>'s messages, by message id. */
export const templates = {
  'video.platform.tiktok': 'TikTok (hochkant)',
  'video.platform.reels': 'Reels (hochkant)',
  'video.platform.landscape': 'Querformat (16:9)',
  'video.platform.short': 'YouTube Short (hochkant)',
  'video.status.draft': 'Entwurf',
  'video.status.planning': 'Szenen werden geplant…',
  'video.status.images': 'Bilder werden erstellt…',
  'video.status.video': 'Video wird gerendert…',
  'video.status.completed': 'Fertig',
  'video.status.failed': 'Fehlgeschlagen',
  'video.status.cancelled': 'Abgebrochen',
  'video.error.session': 'Melden Sie sich an, um das Videostudio zu nutzen.',
  'video.error.expired':
    'Ihre Sitzung ist abgelaufen. Laden Sie die Seite neu, um sich erneut anzumelden.',
  'video.error.forbidden': 'Sie dürfen das hier nicht tun.',
  'video.error.missing': 'Dieses Video gibt es nicht mehr.',
  'video.error.key_creator':
    'Videos können hier gerade nicht erstellt werden: Die Website muss ihren Videostudio-Schlüssel erneuern.',
  'video.error.generic': 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  'video.rendered': 'Ihr Video ist fertig.',
  'video.created': 'Video erstellt: Die Szenen werden geplant.',
  'video.saved': 'Szenenplan gespeichert.',
  'video.render.started': 'Rendern gestartet.',
  'video.loading': 'Ihre Videos werden geladen…',
  'video.new': 'Neues Video',
  'video.goal': 'Was soll das Video erreichen?',
  'video.platform': 'Format',
  'video.duration': 'Länge (Sekunden)',
  'video.create': 'Video erstellen',
  'video.list': 'Ihre Videos',
  'video.list.empty': 'Noch keine Videos.',
  'video.progress': 'Fortschritt',
  'video.progress.value': str`${0} %`,
  'video.progress.steps': str`${0} von ${1} Schritten`,
  'video.player': str`Video: ${0}`,
  'video.scenes': 'Szenen',
  'video.scene': str`Szene ${0}`,
  'video.scene.caption': 'Text im Bild',
  'video.scene.duration': 'Sekunden',
  'video.sum': str`Die Szenen dauern ${0} s von ${1} s des Videos.`,
  'video.save': 'Plan speichern',
  'video.render': 'Video rendern',
}
