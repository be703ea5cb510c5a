import vine from '@vinejs/vine'

/**
 * Body of POST /v1/embed/leads (the `<aip-lead-form>` submission). `fields`
 * holds the form's values by field name and is checked against the key's form
 * definition (required, lengths, options); `website_url` is the honeypot.
 */
export const embedLeadValidator = vine.create({
  fields: vine.record(vine.any()),
  consent: vine
    .object({
      marketing: vine.boolean(),
      text: vine.string().trim().maxLength(2000).optional(),
    })
    .optional(),
  page_url: vine.string().trim().maxLength(2000).url({ require_protocol: true }).optional(),
  locale: vine
    .string()
    .regex(/^[a-z]{2}(-[A-Za-z]{2})?$/)
    .optional(),
  website_url: vine.any().optional(),
})
