import type { HttpContext } from '@adonisjs/core/http'
import { Problem, hasMailRelay, rawQuery, withService } from '#sdk'
import { devOutboxQueryValidator } from '../validators/mail_validator.js'

/** Whether an address is the machine itself (IPv4 127/8, ::1, IPv4-mapped). */
function isLoopback(ip: string) {
  const address = ip.startsWith('::ffff:') ? ip.slice(7) : ip
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address)
}

/**
 * The development outbox: with no SMTP relay configured, the platform keeps
 * every message instead of dropping it, and this route lists them, to clients
 * on the machine itself only. It answers 404 once a relay is configured.
 */
export default class DevOutboxController {
  /** The newest messages kept, optionally for one recipient, with their full source. */
  async index({ request }: HttpContext) {
    if (hasMailRelay() || !isLoopback(request.ip())) throw Problem.notFound('Route')
    const query = await request.validateUsing(devOutboxQueryValidator)
    const rows = await withService(({ trx }) =>
      rawQuery(
        trx,
        `select id, workspace_id, message_id, recipient, subject, source, created_at
         from mail_dev_outbox
         where (?::text is null or lower(recipient) = lower(?))
         order by created_at desc, id desc limit ?`,
        [query.recipient ?? null, query.recipient ?? null, query.limit ?? 50]
      )
    )
    return { data: rows.rows }
  }
}
