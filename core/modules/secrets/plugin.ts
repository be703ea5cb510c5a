import { definePlugin } from '#sdk'

/**
 * The secrets core module: the HTTP face of the encrypted vault (the vault
 * itself is a kernel service the AI gateway reads keys from) and the
 * `secrets:rotate` command.
 */
export default definePlugin({
  name: 'secrets',
  version: '0.1.0',
  description: "The users' encrypted secrets (bring your own key) and key rotation",
  dependsOn: { identity: '^0.1.0' },
  routes: () => import('./routes.js'),
  commands: [() => import('./commands/secrets_rotate.js')],
})
