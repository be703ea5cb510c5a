import { defineConfig, drivers } from '@adonisjs/core/encryption'
import { appKey } from '#config/app'

/**
 * Encryption for values the platform must read back (AES-256-GCM keyed by APP_KEY).
 */
const encryptionConfig = defineConfig({
  default: 'gcm',
  list: {
    gcm: drivers.aes256gcm({
      keys: [appKey.release()],
      id: 'gcm',
    }),
  },
})

export default encryptionConfig

declare module '@adonisjs/core/types' {
  export interface EncryptorsList extends InferEncryptors<typeof encryptionConfig> {}
}
