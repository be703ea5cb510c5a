import { resolve } from 'node:path'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, services } from '@adonisjs/drive'

const dataDir = resolve(app.makePath(env.get('DATA_DIR', '.data')))

/**
 * File storage (flydrive through @adonisjs/drive): the local `fs` disk under
 * DATA_DIR/storage by default, or any S3-compatible bucket with DRIVE_DISK=s3.
 * Files stay private: downloads go through the platform's signed routes.
 * The platform reaches storage only through `#core/services/storage_service`.
 */
const driveConfig = defineConfig({
  default: env.get('DRIVE_DISK', 'fs'),
  services: {
    fs: services.fs({
      location: env.get('STORAGE_DIR')
        ? resolve(env.get('STORAGE_DIR')!)
        : resolve(dataDir, 'storage'),
      visibility: 'private',
      serveFiles: false,
    }),
    s3: services.s3({
      bucket: env.get('S3_BUCKET', ''),
      region: env.get('S3_REGION', 'us-east-1'),
      endpoint: env.get('S3_ENDPOINT'),
      forcePathStyle: env.get('S3_FORCE_PATH_STYLE', false),
      credentials:
        env.get('S3_ACCESS_KEY_ID') && env.get('S3_SECRET_ACCESS_KEY')
          ? {
              accessKeyId: env.get('S3_ACCESS_KEY_ID')!,
              secretAccessKey: env.get('S3_SECRET_ACCESS_KEY')!.release(),
            }
          : undefined,
      visibility: 'private',
      supportsACL: false,
      // Checksums only where S3 requires them: many S3-compatible services
      // reject the AWS SDK's default flexible checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  },
})

export default driveConfig

declare module '@adonisjs/drive/types' {
  export interface DriveDisks extends InferDriveDisks<typeof driveConfig> {}
}
