import vine from '@vinejs/vine'

/** One field of an embedded lead form. */
const formField = vine.object({
  name: vine.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  type: vine.enum(['text', 'email', 'tel', 'textarea', 'select', 'checkbox'] as const),
  label: vine.string().trim().minLength(1).maxLength(200),
  required: vine.boolean().optional(),
  placeholder: vine.string().trim().maxLength(200).optional(),
  max_length: vine.number().withoutDecimals().range([1, 5000]).optional(),
  options: vine
    .array(vine.string().trim().minLength(1).maxLength(200))
    .minLength(1)
    .maxLength(50)
    .optional(),
  autocomplete: vine
    .string()
    .regex(/^[a-z][a-z -]{0,59}$/)
    .optional(),
})

/**
 * The form an embed key serves to `<aip-lead-form>` (fields, labels, required
 * flags, consent text). Checked further by `checkFormDefinition`.
 */
export const formDefinitionSchema = vine.object({
  title: vine.string().trim().maxLength(200).optional(),
  fields: vine.array(formField).minLength(1).maxLength(20),
  consent: vine
    .object({
      text: vine.string().trim().minLength(1).maxLength(2000),
      required: vine.boolean(),
    })
    .optional(),
  submit_label: vine.string().trim().minLength(1).maxLength(100).optional(),
  success_message: vine.string().trim().minLength(1).maxLength(500).optional(),
})

/** Body of PUT /v1/embed/keys/:id/lead-form (null restores the default form). */
export const updateLeadFormValidator = vine.create({
  form_definition: formDefinitionSchema.clone().nullable(),
})
