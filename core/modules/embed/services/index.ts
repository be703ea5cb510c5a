/*
| The public face of this domain: the ONLY file other modules and plugins may
| import (as `#modules/<name>/services/index`). Everything else is private.
*/
export { embedSchemas } from '../openapi/embed_schemas.js'
export { findEmbedKey, type EmbedKeyRef } from './embed_key_service.js'
