import { configApp } from '@adonisjs/eslint-config'

export default configApp({
  ignores: ['docs/.vitepress/cache/**', 'docs/.vitepress/dist/**', 'web-components/src/api/**', 'tmp/**', '.data/**'],
})
