import { column, defineResource } from '#sdk'

/**
 * A workspace's sender identity as the API returns it (table
 * `mail_sender_identities`). The sealed DKIM private key is deliberately not a
 * column of the resource: it never leaves the server; the public key is shown
 * so the DNS record can be published.
 */
export const senderIdentityResource = defineResource({
  name: 'MailSenderIdentity',
  table: 'mail_sender_identities',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    from_email: column.text().required().openapi({ format: 'email' }).writable(),
    from_name: column.text().nullable().required().writable(),
    reply_to: column.text().nullable().required().openapi({ format: 'email' }).writable(),
    dkim_domain: column.text().nullable().required(),
    dkim_selector: column.text().nullable().required(),
    dkim_public_key: column.text().nullable().required().openapi({
      description: 'Public key (base64 SubjectPublicKeyInfo), the p= of the DNS record',
    }),
    dkim_dns_record: column
      .text()
      .nullable()
      .required()
      .computed(
        (t) =>
          `case when ${t}.dkim_public_key is null then null else ${t}.dkim_selector || '._domainkey.' || ${t}.dkim_domain || ' TXT "v=DKIM1; k=rsa; p=' || ${t}.dkim_public_key || '"' end`
      )
      .openapi({ description: 'The DNS TXT record to publish for DKIM' }),
    created_by: column.uuid().nullable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** A sender identity row as selected. */
export type SenderIdentityRow = typeof senderIdentityResource.$row
