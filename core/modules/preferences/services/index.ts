/*
| The public face of this domain: the ONLY file other modules and plugins may
| import (as `#modules/<name>/services/index`). Everything else is private.
*/
export { preferenceResource, type PreferenceRow } from './preference_resource.js'
