import { configApp } from '@adonisjs/eslint-config'

export default configApp(
  {
    ignores: [
      'docs/.vitepress/cache/**',
      'docs/.vitepress/dist/**',
      'web-components/src/api/**',
      'tmp/**',
      '.data/**',
    ],
  },
  {
    // `(await client.get(url)).assertStatus(404)` is the clearest form for HTTP tests.
    files: ['tests/**/*.ts', 'core/modules/*/tests/**/*.ts', 'plugins/*/tests/**/*.ts'],
    rules: { '@unicorn/no-await-expression-member': 'off' },
  },
  {
    // Web components follow Lit habits: kebab-case files named after their tags.
    files: ['web-components/src/**/*.ts'],
    rules: { '@unicorn/filename-case': ['error', { case: 'kebabCase' }] },
  }
)
