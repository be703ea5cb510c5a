/*
| The public face of this domain: the ONLY file other modules and plugins may
| import (as `#modules/<name>/services/index`). Everything else is private.
*/
export { connectionAccessToken, revokeUserConnections } from './oauth_connection_service.js'
export { integrationCredentials } from './integration_connection_service.js'
export {
  rotateIntegrationSecrets,
  type IntegrationRotationReport,
} from './integration_secret_rotation.js'
