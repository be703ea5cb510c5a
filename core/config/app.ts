import { resolve } from 'node:path'
import proxyAddr from 'proxy-addr'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { Secret } from '@adonisjs/core/helpers'
import { defineConfig } from '@adonisjs/core/http'
import { resolveAppKey } from '#core/auth/local_app_key'
import { serializeJson } from '#core/http/serialize_json'

/**
 * The app key signs and encrypts values. Outside production a key is generated
 * under DATA_DIR when APP_KEY is unset.
 */
export const appKey = new Secret(
  resolveAppKey(
    env.get('APP_KEY')?.release(),
    resolve(app.makePath(env.get('DATA_DIR', '.data'))),
    app.inProduction
  )
)

/** Public URL of the platform, used in links it generates (invitations). */
export const appUrl = env.get('APP_URL', `http://localhost:${env.get('PORT', 3333)}`)

/**
 * HTTP server settings. Request ids are generated (or taken from X-Request-Id)
 * and async local storage is on: the tenant transaction travels with it.
 */
export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: false,
  useAsyncLocalStorage: true,
  // Native JSON.stringify first, the framework's safeStringify for BigInts and cycles.
  serializeJSON: serializeJson,
  trustProxy: env.get('TRUST_PROXY')
    ? proxyAddr.compile(
        env
          .get('TRUST_PROXY')!
          .split(',')
          .map((value) => value.trim())
      )
    : () => false,
  // Query values are text: `?tags=a,b` or `?q=Acme, Inc` stay one string (the
  // framework default would split them at commas into arrays, which the
  // string filters then refuse).
  qs: { parse: { comma: false } },
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
