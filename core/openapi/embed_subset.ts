/**
 * The embed-only subset of the OpenAPI document: the operations a widget may
 * call (routes whose spec says `auth: 'embed'`, i.e. secured by a publishable
 * key) and only the components they reference. `node ace openapi:types`
 * writes it next to the full document so the web components' typed client
 * cannot even name a route that is not embeddable.
 */

/** A JSON object as it appears in the document. */
type Json = Record<string, any>

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])

/** Whether an operation is secured by a publishable embed key. */
export function isEmbedOperation(operation: Json): boolean {
  const security = operation.security as Json[] | undefined
  return Boolean(security?.some((requirement) => 'EmbedKey' in requirement))
}

/** Every `#/components/<kind>/<name>` reference inside a value. */
function collectRefs(value: unknown, into: Set<string>) {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into)
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith('#/components/')) {
        into.add(item)
      } else {
        collectRefs(item, into)
      }
    }
  }
}

/**
 * Copies the document keeping only embed operations (paths without one are
 * dropped), then keeps the components reachable from them (transitively) and
 * the embed security schemes.
 */
export function embedOnlyDocument(document: Json): Json {
  const paths: Json = {}
  for (const [path, item] of Object.entries<Json>(document.paths ?? {})) {
    const kept = Object.fromEntries(
      Object.entries(item).filter(
        ([method, operation]) => !HTTP_METHODS.has(method) || isEmbedOperation(operation)
      )
    )
    if (Object.keys(kept).some((method) => HTTP_METHODS.has(method))) paths[path] = kept
  }

  const refs = new Set<string>()
  collectRefs(paths, refs)
  const components: Json = {}
  const pending = [...refs]
  while (pending.length) {
    const ref = pending.pop()!
    const [, , kind, name] = ref.split('/')
    const value = document.components?.[kind]?.[name]
    if (value === undefined || components[kind]?.[name] !== undefined) continue
    components[kind] ??= {}
    components[kind][name] = value
    const nested = new Set<string>()
    collectRefs(value, nested)
    for (const next of nested) if (!refs.has(next)) (refs.add(next), pending.push(next))
  }
  const schemes = document.components?.securitySchemes ?? {}
  components.securitySchemes = Object.fromEntries(
    Object.entries(schemes).filter(([name]) => name.startsWith('Embed'))
  )
  for (const kind of Object.keys(components)) {
    components[kind] = Object.fromEntries(
      Object.entries<unknown>(components[kind]).sort(([a], [b]) => a.localeCompare(b))
    )
  }

  return {
    ...document,
    info: {
      ...document.info,
      title: `${document.info?.title ?? 'API'} (embed subset)`,
      description:
        'The operations a web component may call: routes secured by a publishable embed key (and the embed session, when the element has one).',
    },
    tags: (document.tags ?? []).filter((tag: Json) =>
      Object.values(paths).some((item: Json) =>
        Object.values(item).some((operation: Json) => operation?.tags?.includes(tag.name))
      )
    ),
    paths,
    components,
  }
}
