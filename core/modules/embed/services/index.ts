/*
| The public face of this domain: the ONLY file other modules and plugins may
| import (as `#modules/<name>/services/index`). Everything else is private.
*/
export { checkFormDefinition, type FormDefinition } from './form_definition.js'
export { embedSchemas } from '../openapi/embed_schemas.js'
