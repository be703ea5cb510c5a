import type { JsonSchema } from '#core/openapi/operation_registry'

/** Tags of the platform's own operations. */
export const CORE_TAGS = [
  { name: 'Auth', description: 'Registration, login and access tokens' },
  {
    name: 'Workspaces',
    description: 'Workspaces, agency client workspaces, members and invitations',
  },
  { name: 'API keys', description: 'Workspace API keys for integrators' },
  { name: 'Preferences', description: 'Per-user preferences inside a workspace' },
  { name: 'Audit', description: 'Audit trail of changes in a workspace' },
  { name: 'System', description: 'Health checks and the API description' },
]

const problem: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: {
      type: 'string',
      format: 'uri-reference',
      description: 'Stable identifier of the problem type',
    },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'urn:request:<request id>' },
  },
}

/** RFC 9457 problem documents: the error shape of every route. */
export const PROBLEM_SCHEMAS: Record<string, JsonSchema> = {
  Problem: problem,
  ValidationProblem: {
    allOf: [
      { $ref: '#/components/schemas/Problem' },
      {
        type: 'object',
        required: ['errors'],
        properties: {
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['field', 'message', 'rule'],
              properties: {
                field: { type: 'string' },
                message: { type: 'string' },
                rule: { type: 'string' },
              },
            },
          },
        },
      },
    ],
  },
}
