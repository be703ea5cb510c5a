import { definePlugin } from '#sdk'

/**
 * The mail core module: sends the mail queued by every domain (`mail/send_mail`)
 * with the workspace's sender identity and DKIM key, writes the platform's
 * transactional mail in en, fr and de, and lists the development outbox.
 */
export default definePlugin({
  name: 'mail',
  version: '0.1.0',
  description: 'Mail: sending jobs, sender identities with DKIM, transactional mail, dev outbox',
  dependsOn: { identity: '^0.1.0' },
  routes: () => import('./routes.js'),
  jobs: { 'mail/send_mail': () => import('./jobs/send_mail.js') },
  openapi: { tag: 'Mail', description: 'Sender identity, DKIM and the development outbox' },
  tenantTables: ['mail_sender_identities'],
})
