import vine from '@vinejs/vine'

const email = () => vine.string().trim().email().maxLength(254)

/** Body of PUT /v1/mail/sender. */
export const senderIdentityValidator = vine.create({
  from_email: email(),
  from_name: vine.string().trim().maxLength(200).nullable().optional(),
  reply_to: email().nullable().optional(),
  dkim_domain: vine
    .string()
    .trim()
    .maxLength(253)
    .regex(/^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/)
    .nullable()
    .optional(),
  dkim_selector: vine
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/)
    .nullable()
    .optional(),
  /** A PEM private key (RSA >= 1024 bits or Ed25519); sealed by the vault, never returned. */
  dkim_private_key: vine.string().trim().maxLength(10_000).optional(),
  /** Generate a 2048-bit RSA key instead of sending one. */
  generate_dkim_key: vine.boolean().optional(),
})

/** Body of POST /v1/mail/sender/test. */
export const testMailValidator = vine.create({
  to: email().optional(),
})

/** Query of GET /v1/mail/dev-outbox. */
export const devOutboxQueryValidator = vine.create({
  recipient: vine.string().trim().maxLength(254).optional(),
  limit: vine.number().withoutDecimals().range([1, 200]).optional(),
})
