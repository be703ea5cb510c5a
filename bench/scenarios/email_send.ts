import { performance } from 'node:perf_hooks'
import { generateKeyPairSync } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { SMTPServer } from 'smtp-server'
import nodemailer from 'nodemailer'
import { bootPlatform, platformEnv, type BootedApp } from '../lib/app.ts'
import { benchPool } from '../lib/database.ts'
import { compareRounds, type Comparison } from '../lib/report.ts'

/** Settings of the e-mail sending scenario. */
export interface EmailSendOptions {
  databaseUrl: string
  recipients: number
  rounds: number
  concurrency: number
  dataDir: string
}

/** Raw figures of the scenario, written to latest.json. */
export interface EmailSendDetails {
  settings: Omit<EmailSendOptions, 'databaseUrl' | 'dataDir'>
  platformMessagesPerSecond: number[]
  baselineMessagesPerSecond: number[]
  /** Peak resident memory of this process (platform and worker) during the platform's rounds, MB. */
  peakRssMb: number
}

const HTML = `<p>Hello {{ first_name }} from {{ company }},</p>
<p>Our <a href="https://shop.example/sale">spring sale</a> starts today.</p>
<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>`

/**
 * A campaign to `recipients` contacts through the email plugin (send ledger,
 * merge fields, tracking, DKIM, List-Unsubscribe; the platform's worker in
 * this process) against a bare loop that sends the same messages (same merge
 * fields, same DKIM key, same pooled nodemailer transport settings and the
 * same number of parallel senders) to the same loopback SMTP server.
 */
export async function runEmailSend(
  options: EmailSendOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: EmailSendDetails }> {
  let booted: BootedApp | undefined
  let received = 0
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {})
      stream.on('end', () => {
        received++
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  const port = (smtp.server.address() as AddressInfo).port
  const adminPool = benchPool(options.databaseUrl, 2, 'admin')
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString()
  let peakRss = 0
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }, 100)
  try {
    log('booting the platform in console mode (in this process), plugins leads,email')
    booted = await bootPlatform(
      platformEnv(options.databaseUrl, options.dataDir, {
        PLUGINS: 'leads,email',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(port),
        SMTP_MAX_CONNECTIONS: String(options.concurrency),
        EMAIL_SEND_CONCURRENCY: String(options.concurrency),
        EMAIL_SEND_BATCH_SIZE: '100',
      })
    )
    const { platform } = booted
    await platform.prepare({ seed: false })
    const { withService, withTenant } = await import('#core/tenancy/tenant_transaction')
    const { createUserWithWorkspace } = await import('#modules/identity/services/index')
    const { sealText } = await import('#core/secrets/sealed_text')
    const { renderTemplate } = await import('#core/templates/template_renderer')
    const { startCampaign } = await import('#plugins/email/services/index')

    const owner = await withService(({ trx }) =>
      createUserWithWorkspace(trx, {
        email: `bench-email-${process.pid}-${Date.now()}@example.com`,
        password: 'bench-password-0123456789',
        fullName: 'Bench Email',
      })
    )
    const workspaceId = owner.workspace.id as string
    const identity = { userId: owner.user.id as string, workspaceId, via: 'job' as const }
    await adminPool.query(
      `insert into public.mail_sender_identities (workspace_id, from_email, from_name, dkim_domain,
         dkim_selector, dkim_private_key_encrypted, dkim_public_key)
       values ($1, 'news@bench.example', 'Bench', 'bench.example', 'b1', $2, 'unused')`,
      [workspaceId, sealText(privateKey, 'mail.dkim_private_key')]
    )
    log(`generating ${options.recipients} contacts`)
    await adminPool.query(
      `insert into public.email_contacts (workspace_id, email, name, company, tags, consent_source, consent_recorded_at)
        select $1, 'r' || g || '@inbox' || (g % 50) || '.example', 'First' || g || ' Last', 'Company ' || (g % 500),
          array['bench'], 'bench', now()
        from generate_series(1, $2::int) g`,
      [workspaceId, options.recipients]
    )
    const { rows: templateRows } = await adminPool.query(
      `insert into public.email_templates (workspace_id, name, subject_line, html_content)
       values ($1, 'Bench', 'Sale for {{ first_name }}', $2) returning id`,
      [workspaceId, HTML]
    )
    const { rows: segmentRows } = await adminPool.query(
      `insert into public.email_segments (workspace_id, name, conditions)
       values ($1, 'bench', '{"tags_any": ["bench"]}') returning id`,
      [workspaceId]
    )
    await platform.startWorker()

    const platformRound = async (round: number) => {
      const { rows } = await adminPool.query(
        `insert into public.email_campaigns (workspace_id, name, template_id, segment_id)
         values ($1, $2, $3, $4) returning id`,
        [workspaceId, `bench ${round}`, templateRows[0].id, segmentRows[0].id]
      )
      const before = received
      const started = performance.now()
      await withTenant(identity, () => startCampaign(rows[0].id))
      for (;;) {
        const { rows: state } = await adminPool.query(
          'select status from public.email_campaigns where id = $1',
          [rows[0].id]
        )
        if (state[0].status === 'sent') break
        if (performance.now() - started > 600_000) throw new Error('campaign timed out')
        await sleep(10)
      }
      const seconds = (performance.now() - started) / 1000
      if (received - before !== options.recipients)
        throw new Error(`platform round delivered ${received - before} of ${options.recipients}`)
      return options.recipients / seconds
    }

    const { rows: contacts } = await adminPool.query(
      'select email, name, company from public.email_contacts where workspace_id = $1 order by id',
      [workspaceId]
    )
    const baselineRound = async () => {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        pool: true,
        maxConnections: options.concurrency,
        maxMessages: Number.POSITIVE_INFINITY,
      })
      const before = received
      const started = performance.now()
      let next = 0
      const sender = async () => {
        while (next < contacts.length) {
          const contact = contacts[next++]
          const values = {
            first_name: String(contact.name).split(' ')[0],
            company: contact.company,
            unsubscribe_url: `https://bench.example/u/${next}`,
          }
          const html = await renderTemplate(HTML, values, { escapeHtml: true })
          const subject = await renderTemplate('Sale for {{ first_name }}', values)
          await transport.sendMail({
            from: { name: 'Bench', address: 'news@bench.example' },
            to: { name: contact.name, address: contact.email },
            subject,
            html,
            text: html.replace(/<[^>]+>/g, ''),
            headers: {
              'List-Unsubscribe': `<${values.unsubscribe_url}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            },
            dkim: { domainName: 'bench.example', keySelector: 'b1', privateKey },
          })
        }
      }
      await Promise.all(Array.from({ length: options.concurrency }, sender))
      const seconds = (performance.now() - started) / 1000
      transport.close()
      if (received - before !== options.recipients)
        throw new Error(`baseline round delivered ${received - before} of ${options.recipients}`)
      return options.recipients / seconds
    }

    const platformRates: number[] = []
    const baselineRates: number[] = []
    for (let round = 1; round <= options.rounds; round++) {
      // Alternate which side goes first, so drift of the machine hits both.
      if (round % 2) {
        platformRates.push(await platformRound(round))
        baselineRates.push(await baselineRound())
      } else {
        baselineRates.push(await baselineRound())
        platformRates.push(await platformRound(round))
      }
      log(
        `  round ${round}: platform ${platformRates.at(-1)!.toFixed(0)} msg/s, bare loop ${baselineRates.at(-1)!.toFixed(0)} msg/s`
      )
    }
    const details: EmailSendDetails = {
      settings: {
        recipients: options.recipients,
        rounds: options.rounds,
        concurrency: options.concurrency,
      },
      platformMessagesPerSecond: platformRates,
      baselineMessagesPerSecond: baselineRates,
      peakRssMb: Math.round(peakRss / 1_048_576),
    }
    return {
      comparisons: [
        compareRounds(
          '(n) email-send',
          'messages per second',
          'msg/s',
          platformRates,
          baselineRates,
          {
            platform: `campaign via ledger jobs, tracking + DKIM; peak RSS ${details.peakRssMb} MB (whole process)`,
            baseline: `bare nodemailer loop, same DKIM and merge fields, ${options.concurrency} senders`,
          }
        ),
      ],
      details,
    }
  } finally {
    clearInterval(sampler)
    if (booted) {
      await booted.platform.jobs.stop().catch(() => {})
      await booted.app.terminate().catch(() => {})
    }
    await adminPool.end()
    await new Promise<void>((resolve) => smtp.close(() => resolve()))
  }
}
