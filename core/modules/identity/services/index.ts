/*
| The public face of this domain: the ONLY file other modules and plugins may
| import (as `#modules/<name>/services/index`). Everything else is private.
*/
export { createUserWithWorkspace } from './user_service.js'
export { DEMO_USER } from '../database/demo_account.js'
export { memberMailAddress, type MemberMailAddress } from './member_address.js'
