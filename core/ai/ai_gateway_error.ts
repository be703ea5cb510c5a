import { Problem, type FieldError } from '#core/http/problem'

/**
 * An error of the AI gateway that callers may show to clients: bad requests to
 * the gateway (unknown provider or model, missing key: 4xx) and provider
 * failures (502 with a generic message; details go to the log). It is a
 * Problem, so in a request it becomes application/problem+json by itself.
 */
export class AiGatewayError extends Problem {
  /** The provider involved, when there is one. */
  readonly provider?: string

  constructor(
    status: number,
    slug: string,
    title: string,
    detail: string,
    extra: { provider?: string; errors?: FieldError[]; cause?: unknown } = {}
  ) {
    super(status, slug, title, detail, { errors: extra.errors })
    this.provider = extra.provider
    if (extra.cause !== undefined) (this as { cause?: unknown }).cause = extra.cause
  }

  /** 499: the caller aborted the call (its client went away); what was produced is metered. */
  static aborted(provider: string) {
    return new AiGatewayError(
      499,
      'client-closed-request',
      'Client Closed Request',
      'The client went away before the answer was complete',
      { provider }
    )
  }

  /** 422: the request names a provider the gateway does not know. */
  static unknownProvider(provider: string) {
    return new AiGatewayError(
      422,
      'ai-unknown-provider',
      'Unknown AI provider',
      `Unknown AI provider "${provider}"`,
      {
        provider,
        errors: [{ field: 'provider', message: `Unknown provider "${provider}"`, rule: 'enum' }],
      }
    )
  }

  /** 422: no model was given and the provider has no default for this kind of call. */
  static noModel(provider: string, kind: string) {
    return new AiGatewayError(
      422,
      'ai-no-model',
      'No AI model',
      `Provider "${provider}" has no default ${kind} model: name one explicitly`,
      {
        provider,
        errors: [{ field: 'model', message: `No default ${kind} model`, rule: 'required' }],
      }
    )
  }

  /** 422: the provider does not offer this capability (e.g. embeddings). */
  static unsupported(provider: string, capability: string) {
    return new AiGatewayError(
      422,
      'ai-unsupported',
      'Not supported by this AI provider',
      `Provider "${provider}" does not support ${capability}`,
      { provider, errors: [{ field: 'provider', message: `No ${capability}`, rule: 'capability' }] }
    )
  }

  /** 422: a remote provider has no API key (neither the user's vault nor the environment). */
  static missingKey(provider: string) {
    return new AiGatewayError(
      422,
      'ai-missing-key',
      'AI provider key missing',
      `No API key for provider "${provider}": store one in your secrets (service "${provider}") or ask the operator to configure it`,
      { provider, errors: [{ field: 'provider', message: 'No API key configured', rule: 'key' }] }
    )
  }

  /** 422: the schema demands more output (items, characters) than the local provider writes. */
  static schemaTooLarge(provider: string, limit: number) {
    return new AiGatewayError(
      422,
      'ai-schema-too-large',
      'Schema asks for too much output',
      `The schema's minimum sizes (minItems, minLength) add up to more than ${limit} items and characters`,
      {
        provider,
        errors: [
          {
            field: 'schema',
            message: `Minimum sizes must add up to at most ${limit} items and characters`,
            rule: 'outputBudget',
          },
        ],
      }
    )
  }

  /** 502: the provider answered with an error, timed out or could not be reached. */
  static upstream(provider: string, cause: unknown) {
    const status = (cause as { statusCode?: number })?.statusCode
    return new AiGatewayError(
      502,
      'ai-provider-error',
      'AI provider error',
      `Provider "${provider}" failed${status ? ` with HTTP ${status}` : ''}`,
      { provider, cause }
    )
  }

  /**
   * 422: the offline `local` provider cannot fill the schema from the inputs (a
   * `pattern` nothing matches, an empty `enum`, `minimum` above `maximum`). It is
   * deterministic and has no upstream, so the request itself is what fails.
   */
  static unsatisfiableSchema(errors: FieldError[]) {
    return new AiGatewayError(
      422,
      'ai-schema-unsatisfiable',
      'The local provider cannot satisfy the schema',
      'The local provider cannot fill the requested schema from the inputs: relax the schema or give the missing values in the messages',
      { provider: 'local', errors }
    )
  }

  /** 502: the model's structured output does not validate against the schema. */
  static invalidOutput(provider: string, errors: FieldError[]) {
    return new AiGatewayError(
      502,
      'ai-invalid-output',
      'AI output does not match the schema',
      `The output of provider "${provider}" does not validate against the requested schema`,
      { provider, errors }
    )
  }
}
