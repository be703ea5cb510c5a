import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

/** Declared variables of a template. */
export const variablesField = () =>
  vine
    .array(
      vine.object({
        name: vine
          .string()
          .trim()
          .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/),
        required: vine.boolean().optional(),
        type: vine
          .enum(['string', 'number', 'boolean', 'date', 'list', 'object'] as const)
          .optional(),
        description: vine.string().trim().maxLength(500).optional(),
      })
    )
    .maxLength(100)
    .optional()

/** Body of POST /v1/content/templates. */
export const createTemplateValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(200),
  template_type: vine.string().trim().minLength(1).maxLength(50),
  content: vine.string().minLength(1).maxLength(100_000),
  variables: variablesField(),
  is_public: vine.boolean().optional(),
  metadata: vine.object({}).allowUnknownProperties().optional(),
})

/** Body of PATCH /v1/content/templates/:id. */
export const updateTemplateValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(200).optional(),
  template_type: vine.string().trim().minLength(1).maxLength(50).optional(),
  content: vine.string().minLength(1).maxLength(100_000).optional(),
  variables: variablesField(),
  is_public: vine.boolean().optional(),
  metadata: vine.object({}).allowUnknownProperties().optional(),
})

/** Query of GET /v1/content/templates. */
export const listTemplatesValidator = vine.create({
  ...pageQuery,
  template_type: vine.string().trim().maxLength(50).optional(),
})

/** Body of POST /v1/content/templates/:id/render. */
export const renderTemplateValidator = vine.create({
  values: vine.object({}).allowUnknownProperties(),
  format: vine.enum(['text', 'html'] as const).optional(),
})

/** Body of POST /v1/content/proposal-templates. */
export const createProposalValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(200),
  content: vine.string().minLength(1).maxLength(100_000),
  sections: vine
    .array(
      vine.object({
        heading: vine.string().trim().minLength(1).maxLength(300),
        body: vine.string().maxLength(100_000),
      })
    )
    .maxLength(50)
    .optional(),
  variables: variablesField(),
  metadata: vine.object({}).allowUnknownProperties().optional(),
})

/** Body of PATCH /v1/content/proposal-templates/:id. */
export const updateProposalValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(200).optional(),
  content: vine.string().minLength(1).maxLength(100_000).optional(),
  sections: vine
    .array(
      vine.object({
        heading: vine.string().trim().minLength(1).maxLength(300),
        body: vine.string().maxLength(100_000),
      })
    )
    .maxLength(50)
    .optional(),
  variables: variablesField(),
  metadata: vine.object({}).allowUnknownProperties().optional(),
})

/** Body of the proposal render routes. */
export const renderProposalValidator = vine.create({
  values: vine.object({}).allowUnknownProperties(),
})
