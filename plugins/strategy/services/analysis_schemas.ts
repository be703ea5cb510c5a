/*
| The JSON Schemas the AI gateway's structured output must satisfy, one per
| kind of analysis. A provider's answer that does not validate is retried by
| the gateway or refused (502 ai-invalid-output); it is never stored.
*/

const text = (description: string, maxLength = 1200) => ({
  type: 'string',
  minLength: 1,
  maxLength,
  description,
})
const texts = (description: string, maxItems = 6) => ({
  type: 'array',
  minItems: 1,
  maxItems,
  items: { type: 'string', minLength: 1, maxLength: 600 },
  description,
})

/** Positioning (3Cs, after April Dunford's method: who it is for, what it replaces, why it wins). */
export const POSITIONING_SCHEMA = {
  type: 'object',
  required: [
    'positioning_statement',
    'company',
    'customer',
    'competition',
    'differentiators',
    'brand_tone',
    'recommendations',
  ],
  properties: {
    positioning_statement: text(
      'For whom the product is, the category it competes in, its key benefit and how it differs from the alternatives',
      2000
    ),
    company: text('What the company and product offer: capabilities, strengths, proof'),
    customer: text('Who the customers are: industries, roles, company sizes, needs'),
    competition: text('Competitors and alternatives the customer compares against'),
    differentiators: texts('What only this product offers compared with competitors', 5),
    brand_tone: {
      type: 'object',
      required: ['voice', 'attributes'],
      properties: {
        voice: text('Brand voice and tone of the existing messaging', 300),
        attributes: texts('Adjectives describing the brand tone', 5),
      },
    },
    recommendations: texts('Recommended next steps for messaging and channels', 5),
  },
} as const

/** The narrative part of a copilot campaign plan; numbers come from the workspace's data. */
export const COPILOT_PLAN_SCHEMA = {
  type: 'object',
  required: ['name', 'objectives', 'audience'],
  properties: {
    name: text('Campaign name', 200),
    objectives: texts('Campaign objectives', 4),
    audience: text('Target audience of the campaign', 1000),
  },
} as const
