import { Problem, queueMail, renderTemplate, type MailMessage } from '#sdk'

/** Languages the platform's own mail is written in. */
export const MAIL_LOCALES = ['en', 'fr', 'de'] as const
/** A language of the platform's own mail. */
export type MailLocale = (typeof MAIL_LOCALES)[number]

/** The mail the platform itself sends (not marketing mail). */
export const TRANSACTIONAL_MAILS = [
  'invitation',
  'email_verification',
  'password_reset',
  'support_ticket_received',
  'privacy_export_ready',
  'privacy_deletion_confirmed',
] as const
/** One kind of transactional mail. */
export type TransactionalMail = (typeof TRANSACTIONAL_MAILS)[number]

interface Wording {
  subject: string
  /** Plain-text body; paragraphs separated by a blank line. `{{ link }}` is the action link. */
  body: string
  /** Label of the action button in the HTML part. */
  action?: string
}

/** Variables each kind needs (checked before rendering). */
const VARIABLES: Record<TransactionalMail, string[]> = {
  invitation: ['workspace_name', 'inviter', 'role', 'link', 'expires_at'],
  email_verification: ['link', 'hours'],
  password_reset: ['link', 'hours'],
  support_ticket_received: ['subject', 'ticket_id'],
  privacy_export_ready: ['link', 'expires_at'],
  privacy_deletion_confirmed: ['scope', 'completed_at'],
}

const WORDING: Record<TransactionalMail, Record<MailLocale, Wording>> = {
  invitation: {
    en: {
      subject: '{{ inviter }} invited you to {{ workspace_name }}',
      body: '{{ inviter }} invited you to join the workspace "{{ workspace_name }}" as {{ role }}.\n\nAccept the invitation: {{ link }}\n\nThe invitation expires on {{ expires_at }}. If you did not expect it, ignore this message.',
      action: 'Accept the invitation',
    },
    fr: {
      subject: '{{ inviter }} vous invite dans {{ workspace_name }}',
      body: "{{ inviter }} vous invite à rejoindre l'espace de travail « {{ workspace_name }} » en tant que {{ role }}.\n\nAccepter l'invitation : {{ link }}\n\nL'invitation expire le {{ expires_at }}. Si vous ne l'attendiez pas, ignorez ce message.",
      action: "Accepter l'invitation",
    },
    de: {
      subject: '{{ inviter }} hat Sie zu {{ workspace_name }} eingeladen',
      body: '{{ inviter }} hat Sie eingeladen, dem Arbeitsbereich „{{ workspace_name }}“ als {{ role }} beizutreten.\n\nEinladung annehmen: {{ link }}\n\nDie Einladung läuft am {{ expires_at }} ab. Wenn Sie sie nicht erwartet haben, ignorieren Sie diese Nachricht.',
      action: 'Einladung annehmen',
    },
  },
  email_verification: {
    en: {
      subject: 'Confirm your e-mail address',
      body: 'Confirm that this address belongs to you: {{ link }}\n\nThe link is valid for {{ hours }} hours. If you did not ask for it, ignore this message.',
      action: 'Confirm my address',
    },
    fr: {
      subject: 'Confirmez votre adresse e-mail',
      body: "Confirmez que cette adresse vous appartient : {{ link }}\n\nLe lien est valable {{ hours }} heures. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.",
      action: 'Confirmer mon adresse',
    },
    de: {
      subject: 'Bestätigen Sie Ihre E-Mail-Adresse',
      body: 'Bestätigen Sie, dass diese Adresse Ihnen gehört: {{ link }}\n\nDer Link ist {{ hours }} Stunden gültig. Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht.',
      action: 'Adresse bestätigen',
    },
  },
  password_reset: {
    en: {
      subject: 'Reset your password',
      body: 'Someone asked to reset the password of your account. Choose a new password here: {{ link }}\n\nThe link works once and for {{ hours }} hours. Resetting signs you out everywhere. If you did not ask for it, ignore this message: your password stays as it is.',
      action: 'Choose a new password',
    },
    fr: {
      subject: 'Réinitialisez votre mot de passe',
      body: "Une réinitialisation du mot de passe de votre compte a été demandée. Choisissez un nouveau mot de passe ici : {{ link }}\n\nLe lien fonctionne une seule fois, pendant {{ hours }} heures. La réinitialisation vous déconnecte partout. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.",
      action: 'Choisir un nouveau mot de passe',
    },
    de: {
      subject: 'Setzen Sie Ihr Passwort zurück',
      body: 'Jemand hat angefordert, das Passwort Ihres Kontos zurückzusetzen. Wählen Sie hier ein neues Passwort: {{ link }}\n\nDer Link funktioniert einmal und {{ hours }} Stunden lang. Das Zurücksetzen meldet Sie überall ab. Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.',
      action: 'Neues Passwort wählen',
    },
  },
  support_ticket_received: {
    en: {
      subject: 'We received your request: {{ subject }}',
      body: 'Thank you. Your support request "{{ subject }}" was received; its reference is {{ ticket_id }}. We will answer at this address.',
    },
    fr: {
      subject: 'Nous avons reçu votre demande : {{ subject }}',
      body: "Merci. Votre demande d'assistance « {{ subject }} » a bien été reçue ; sa référence est {{ ticket_id }}. Nous vous répondrons à cette adresse.",
    },
    de: {
      subject: 'Wir haben Ihre Anfrage erhalten: {{ subject }}',
      body: 'Vielen Dank. Ihre Support-Anfrage „{{ subject }}“ ist eingegangen; die Referenz lautet {{ ticket_id }}. Wir antworten an diese Adresse.',
    },
  },
  privacy_export_ready: {
    en: {
      subject: 'Your data export is ready',
      body: 'The export of your personal data is ready. Download it here: {{ link }}\n\nThe link expires on {{ expires_at }}.',
      action: 'Download the export',
    },
    fr: {
      subject: 'Votre export de données est prêt',
      body: "L'export de vos données personnelles est prêt. Téléchargez-le ici : {{ link }}\n\nLe lien expire le {{ expires_at }}.",
      action: "Télécharger l'export",
    },
    de: {
      subject: 'Ihr Datenexport ist bereit',
      body: 'Der Export Ihrer personenbezogenen Daten ist bereit. Laden Sie ihn hier herunter: {{ link }}\n\nDer Link läuft am {{ expires_at }} ab.',
      action: 'Export herunterladen',
    },
  },
  privacy_deletion_confirmed: {
    en: {
      subject: 'Your data was deleted',
      body: 'The deletion you asked for ({{ scope }}) was completed on {{ completed_at }}. This is the last message about it.',
    },
    fr: {
      subject: 'Vos données ont été supprimées',
      body: 'La suppression que vous avez demandée ({{ scope }}) a été effectuée le {{ completed_at }}. Ceci est le dernier message à ce sujet.',
    },
    de: {
      subject: 'Ihre Daten wurden gelöscht',
      body: 'Die von Ihnen angeforderte Löschung ({{ scope }}) wurde am {{ completed_at }} abgeschlossen. Dies ist die letzte Nachricht dazu.',
    },
  },
}

/**
 * The language of a mail: an explicit choice if it is one of ours, else the
 * best match of an Accept-Language header, else English.
 */
export function mailLocale(preferred?: string | null, acceptLanguage?: string | null): MailLocale {
  const candidates = [
    preferred ?? '',
    ...(acceptLanguage ?? '')
      .split(',')
      .map((part) => {
        const [tag, ...params] = part.trim().split(';')
        const q = params.find((param) => param.trim().startsWith('q='))
        return { tag, q: q ? Number(q.trim().slice(2)) : 1 }
      })
      .filter((entry) => entry.tag && entry.q > 0)
      .sort((a, b) => b.q - a.q)
      .map((entry) => entry.tag),
  ]
  for (const candidate of candidates) {
    const base = candidate.toLowerCase().split('-')[0]
    if ((MAIL_LOCALES as readonly string[]).includes(base)) return base as MailLocale
  }
  return 'en'
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

/**
 * Renders one transactional mail in a language: subject, text part and an HTML
 * part made from the same paragraphs (values escaped), with the link as a button.
 */
export async function renderTransactionalMail(
  kind: TransactionalMail,
  locale: MailLocale,
  values: Record<string, string | number>
) {
  const wording = WORDING[kind][locale]
  const declared = VARIABLES[kind].map((name) => ({ name, required: true }))
  const stringValues = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]))
  const renderedSubject = await renderTemplate(wording.subject, stringValues, { declared })
  const subject = renderedSubject.replace(/\s+/g, ' ').trim()
  const text = await renderTemplate(wording.body, stringValues, { declared })
  const link = stringValues.link
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph) => {
      const escaped = escapeHtml(paragraph)
      if (!link || !wording.action) return `<p>${escaped}</p>`
      // The paragraph that carries the link becomes a button plus the visible address.
      return paragraph.includes(link)
        ? `<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:10px 18px;background:#1f4fd1;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(wording.action)}</a></p><p style="font-size:12px;color:#555555">${escaped}</p>`
        : `<p>${escaped}</p>`
    })
    .join('\n')
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">${paragraphs}</body></html>`
  return { subject, text, html }
}

/**
 * Queues a transactional mail in the current transaction (see queueMail):
 * rendered now, in the recipient's language, sent after commit.
 */
export async function queueTransactionalMail(
  kind: TransactionalMail,
  to: string,
  options: { locale?: MailLocale; values: Record<string, string | number> }
) {
  if (!TRANSACTIONAL_MAILS.includes(kind)) throw Problem.badRequest(`Unknown mail ${kind}`)
  const rendered = await renderTransactionalMail(kind, options.locale ?? 'en', options.values)
  const message: MailMessage = { to, ...rendered, headers: { 'Auto-Submitted': 'auto-generated' } }
  return queueMail(message)
}

/** A date as a mail in `locale` writes it (long date, time, UTC). */
export function formatMailDate(date: Date, locale: MailLocale) {
  const formatted = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date)
  return `${formatted} UTC`
}
