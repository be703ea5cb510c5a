// French translations of <aip-video-studio>'s own messages (ids are the `id` option of
// each msg()); shared ids live in src/locales/fr.ts. Registered by the element module
// with addTranslations() (src/base/localization.ts).
import { str } from '@lit/localize'

/** French templates of <aip-video-studio>'s messages, by message id. */
export const templates = {
  'video.platform.tiktok': 'TikTok (vertical)',
  'video.platform.reels': 'Reels (vertical)',
  'video.platform.landscape': 'Paysage (16:9)',
  'video.platform.short': 'YouTube Short (vertical)',
  'video.status.draft': 'Brouillon',
  'video.status.planning': 'Préparation des scènes…',
  'video.status.images': 'Création des images…',
  'video.status.video': 'Rendu de la vidéo…',
  'video.status.completed': 'Prête',
  'video.status.failed': 'Échec',
  'video.status.cancelled': 'Annulée',
  'video.error.session': 'Connectez-vous pour utiliser le studio vidéo.',
  'video.error.expired': 'Votre session a expiré. Rechargez la page pour vous reconnecter.',
  'video.error.forbidden': 'Vous n’êtes pas autorisé à faire ceci ici.',
  'video.error.missing': 'Cette vidéo n’existe plus.',
  'video.error.key_creator':
    'Impossible de créer des vidéos ici pour le moment : le site doit renouveler sa clé du studio vidéo.',
  'video.error.generic': 'Une erreur est survenue. Veuillez réessayer.',
  'video.rendered': 'Votre vidéo est prête.',
  'video.created': 'Vidéo créée : ses scènes sont en préparation.',
  'video.saved': 'Plan des scènes enregistré.',
  'video.render.started': 'Rendu lancé.',
  'video.loading': 'Chargement de vos vidéos…',
  'video.new': 'Nouvelle vidéo',
  'video.goal': 'Quel est le but de la vidéo ?',
  'video.platform': 'Format',
  'video.duration': 'Durée (secondes)',
  'video.create': 'Créer la vidéo',
  'video.list': 'Vos vidéos',
  'video.list.empty': 'Pas encore de vidéos.',
  'video.progress': 'Avancement',
  'video.progress.value': str`${0} %`,
  'video.progress.steps': str`${0} étapes sur ${1}`,
  'video.player': str`Vidéo : ${0}`,
  'video.scenes': 'Scènes',
  'video.scene': str`Scène ${0}`,
  'video.scene.caption': 'Texte à l’écran',
  'video.scene.duration': 'Secondes',
  'video.sum': str`Les scènes durent ${0} s sur les ${1} s de la vidéo.`,
  'video.save': 'Enregistrer le plan',
  'video.render': 'Lancer le rendu',
}
