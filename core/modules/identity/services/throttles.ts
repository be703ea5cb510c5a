/*
| Throttles of the identity routes. Login attempts are limited per e-mail and
| client IP, stored in PostgreSQL so every API node shares the count.
*/
import { createHash } from 'node:crypto'
import limiter from '@adonisjs/limiter/services/main'
import { platformConfig as platform } from '#sdk'

/** Login throttle: LOGIN_MAX_ATTEMPTS per e-mail and IP per 15 minutes. */
export const loginThrottle = limiter.define('login', (ctx) => {
  const email = String(ctx.request.input('email', '')).trim().toLowerCase()
  // Hashed so that any e-mail fits the store's 255-character key.
  const emailKey = createHash('sha256').update(email).digest('base64url')
  return limiter
    .allowRequests(platform.auth.loginMaxAttempts)
    .every('15 minutes')
    .usingKey(`login_${emailKey}_${ctx.request.ip()}`)
})

/** Registration throttle: REGISTER_MAX_PER_HOUR per IP, against mass account creation. */
export const registerThrottle = limiter.define('register', (ctx) => {
  return limiter
    .allowRequests(platform.auth.registerMaxPerHour)
    .every('1 hour')
    .usingKey(`register_${ctx.request.ip()}`)
})
