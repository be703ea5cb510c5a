/*
| Throttles of the identity routes. Login attempts are limited per e-mail and
| client IP, and failed logins per client IP across e-mails, stored in
| PostgreSQL so every API node shares the count and restarts keep it.
*/
import { createHash } from 'node:crypto'
import type { MiddlewareFn } from '@adonisjs/core/types/http'
import limiter from '@adonisjs/limiter/services/main'
import { errors } from '@adonisjs/limiter'
import { platformConfig as platform } from '#sdk'

/** Login throttle: LOGIN_MAX_ATTEMPTS per e-mail and IP per LOGIN_WINDOW_MINUTES. */
export const loginThrottle = limiter.define('login', (ctx) => {
  const email = String(ctx.request.input('email', '')).trim().toLowerCase()
  // Hashed so that any e-mail fits the store's 255-character key.
  const emailKey = createHash('sha256').update(email).digest('base64url')
  return limiter
    .allowRequests(platform.auth.loginMaxAttempts)
    .every(`${platform.auth.loginWindowMinutes} minutes`)
    .usingKey(`login_${emailKey}_${ctx.request.ip()}`)
})

/**
 * Password-spraying guard: failed logins per client IP across all e-mails,
 * LOGIN_MAX_FAILURES_PER_IP per LOGIN_WINDOW_MINUTES (0 turns it off). Only
 * failures (401) count, so many people behind one address can still log in;
 * once the cap is reached, every login from the address answers 429 with
 * Retry-After until the window ends, even with a right password.
 */
export const loginFailuresPerIpThrottle: MiddlewareFn = async (ctx, next) => {
  const cap = platform.auth.loginMaxFailuresPerIp
  if (cap <= 0) return next()
  const failures = limiter.use({
    requests: cap,
    duration: `${platform.auth.loginWindowMinutes} minutes`,
  })
  const key = `login_ip_${ctx.request.ip()}`
  // Each attempt takes its slot before it runs, so concurrent attempts cannot
  // all pass the cap at once; the slot is given back unless the login failed.
  const state = await failures.increment(key)
  let failed = false
  try {
    if (state.consumed > cap) throw new errors.E_TOO_MANY_REQUESTS(state)
    await next()
    // The handler's error has become the response by now (the route's error
    // handler runs before the middleware chain unwinds).
    failed = ctx.response.getStatus() === 401
  } finally {
    if (!failed) await failures.decrement(key)
  }
}

/** Registration throttle: REGISTER_MAX_PER_HOUR per IP, against mass account creation. */
export const registerThrottle = limiter.define('register', (ctx) => {
  return limiter
    .allowRequests(platform.auth.registerMaxPerHour)
    .every('1 hour')
    .usingKey(`register_${ctx.request.ip()}`)
})

/**
 * Throttle of the mailed-token routes (password reset request and confirm,
 * address verification): LOGIN_MAX_ATTEMPTS per route, e-mail and IP per
 * LOGIN_WINDOW_MINUTES, against mail bombing and token guessing.
 */
export const accountMailThrottle = limiter.define('account_mail', (ctx) => {
  const email = String(ctx.request.input('email', '')).trim().toLowerCase()
  const emailKey = createHash('sha256').update(email).digest('base64url')
  const route = createHash('sha256').update(ctx.request.url()).digest('base64url').slice(0, 12)
  return limiter
    .allowRequests(platform.auth.loginMaxAttempts)
    .every(`${platform.auth.loginWindowMinutes} minutes`)
    .usingKey(`account_mail_${route}_${emailKey}_${ctx.request.ip()}`)
})
