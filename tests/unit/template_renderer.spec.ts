import { test } from '@japa/runner'
import { Problem } from '#core/http/problem'
import { renderTemplate, templateVariables } from '#core/templates/template_renderer'

/** Runs `fn` and returns the 422 problem it throws (fails the test otherwise). */
async function problemOf(fn: () => Promise<unknown> | unknown): Promise<Problem> {
  try {
    await fn()
  } catch (error) {
    if (error instanceof Problem) return error
    throw error
  }
  throw new Error('expected a problem')
}

test.group('Template renderer', () => {
  test('renders variables, filters and loops', async ({ assert }) => {
    const out = await renderTemplate(
      'Hi {{ contact.first_name | capitalize }}, {% for p in products %}[{{ p }}]{% endfor %}',
      { contact: { first_name: 'ada' }, products: ['a', 'b'] }
    )
    assert.equal(out, 'Hi Ada, [a][b]')
  })

  test('declared variables: missing required and wrong type give one 422 listing both', async ({
    assert,
  }) => {
    const problem = await problemOf(() =>
      renderTemplate(
        '{{ name }} {{ count }}',
        { count: 'three' },
        {
          declared: [
            { name: 'name', required: true, type: 'string' },
            { name: 'count', type: 'number' },
          ],
        }
      )
    )
    assert.equal(problem.status, 422)
    assert.deepEqual(
      problem.errors?.map((e) => [e.field, e.rule]),
      [
        ['variables.name', 'required'],
        ['variables.count', 'type'],
      ]
    )
  })

  test('no file includes and no prototype access', async ({ assert }) => {
    const include = await problemOf(() => renderTemplate("{% include '/etc/passwd' %}", {}))
    assert.equal(include.status, 422)
    const render = await problemOf(() => renderTemplate("{% render 'secrets' %}", {}))
    assert.equal(render.status, 422)
    const listed = await problemOf(async () => templateVariables("{% include 'secrets' %}"))
    assert.equal(listed.status, 422, 'listing the variables does not follow includes either')
    const out = await renderTemplate('[{{ a.constructor }}][{{ a.__proto__ }}][{{ a.toString }}]', {
      a: { x: 1 },
    })
    assert.equal(out, '[][][]')
  })

  test('HTML escaping when asked, raw opt-out', async ({ assert }) => {
    const values = { name: '<script>alert(1)</script>' }
    assert.equal(
      await renderTemplate('<p>{{ name }}</p>', values, { escapeHtml: true }),
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'
    )
    assert.equal(await renderTemplate('{{ name }}', values), values.name)
  })

  test('bounded output, unknown filters and syntax errors are 422', async ({ assert }) => {
    const big = await problemOf(() =>
      renderTemplate(
        '{% for i in (1..100000) %}xxxxxxxxxx{% endfor %}',
        {},
        { maxOutputChars: 1000 }
      )
    )
    assert.equal(big.status, 422)
    const filter = await problemOf(() => renderTemplate('{{ x | no_such_filter }}', { x: 1 }))
    assert.equal(filter.errors?.[0].rule, 'template_syntax')
    const syntax = await problemOf(() => templateVariables('{% if %}', 'subject'))
    assert.equal(syntax.errors?.[0].field, 'subject')
  })

  test('templateVariables lists the top-level names a template reads', ({ assert }) => {
    assert.deepEqual(
      templateVariables(
        '{{ contact.name }} {% for p in items %}{{ p.title }}{% endfor %} {{ brand }}'
      ),
      ['brand', 'contact', 'items']
    )
  })
})
