import { test } from '@japa/runner'
import { Validator } from '@seriousme/openapi-schema-validator'
import { registeredRoutes } from '#core/openapi/document_builder'
import { registerAccount } from '#tests/helpers/accounts'

test.group('OpenAPI document', () => {
  test('is served and is a valid OpenAPI 3.1 document (independent validator)', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/v1/openapi.json')
    response.assertStatus(200)
    const document = response.body()
    assert.equal(document.openapi, '3.1.0')
    const validator = new Validator()
    const result = await validator.validate(document)
    assert.isTrue(result.valid, JSON.stringify(result.errors, null, 2))
    assert.equal(validator.version, '3.1')
  })

  test('lists every registered route with a unique, well-formed operationId', async ({
    client,
    assert,
  }) => {
    const document = (await client.get('/v1/openapi.json')).body()
    const documented = new Set<string>()
    const operationIds: string[] = []
    for (const [path, operations] of Object.entries<Record<string, { operationId: string }>>(
      document.paths
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        documented.add(`${method.toUpperCase()} ${path}`)
        operationIds.push(operation.operationId)
      }
    }
    const routes = registeredRoutes().map(
      (route) => `${route.method} ${route.pattern.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`
    )
    const missing = routes.filter((route) => !documented.has(route))
    assert.deepEqual(missing, [], `routes missing from the document: ${missing.join(', ')}`)
    assert.equal(new Set(operationIds).size, operationIds.length, 'operationIds are unique')
    for (const id of operationIds)
      assert.match(id, /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/)
    assert.isAbove(routes.length, 20)
  })

  test('describes security, the error shape and request bodies from the validators', async ({
    client,
    assert,
  }) => {
    const document = (await client.get('/v1/openapi.json')).body()
    assert.properties(document.components.securitySchemes, ['UserToken', 'ApiKey'])
    assert.properties(document.components.schemas, ['Problem', 'ValidationProblem'])
    const put = document.paths['/v1/preferences/{category}'].put
    assert.deepEqual(put.requestBody.content['application/json'].schema.required, [
      'preference_data',
    ])
    assert.equal(
      put.responses['422'].content['application/problem+json'].schema.$ref,
      '#/components/schemas/ValidationProblem'
    )
    assert.equal(put['x-required-scope'], 'preferences:write')
    const register = document.paths['/v1/auth/register'].post
    assert.deepEqual(register.security, [])
    const logout = document.paths['/v1/auth/logout'].post
    assert.deepEqual(logout.security, [{ UserToken: [] }], 'user-only routes do not offer API keys')
    assert.include(
      document.tags.map((tag: { name: string }) => tag.name),
      'Preferences'
    )
  })
  test('request bodies do not forbid unknown properties, which the API ignores', async ({
    client,
    assert,
  }) => {
    const document = (await client.get('/v1/openapi.json')).body()
    const forbidding: string[] = []
    const visit = (schema: unknown, where: string) => {
      if (!schema || typeof schema !== 'object') return
      const node = schema as Record<string, unknown>
      if (node.additionalProperties === false) forbidding.push(where)
      for (const [key, value] of Object.entries(node)) visit(value, `${where}/${key}`)
    }
    for (const [path, operations] of Object.entries<Record<string, any>>(document.paths)) {
      for (const [method, operation] of Object.entries<any>(operations)) {
        visit(operation.requestBody, `${method.toUpperCase()} ${path}`)
      }
    }
    assert.deepEqual(forbidding, [], 'a body schema promises a refusal the API does not make')

    // What the document now says is what the API does: an unknown property
    // is accepted and dropped, not stored and not refused.
    const account = await registerAccount(client, 'unknown-props')
    const response = await client
      .put('/v1/preferences/interface')
      .bearerToken(account.token)
      .json({ preference_data: { theme: 'dark' }, not_a_field: 'ignored' })
    response.assertStatus(201)
    assert.notProperty(response.body(), 'not_a_field')
  })
})
