/*
| The public face of this domain: the ONLY file other modules and plugins may
| import (as `#modules/<name>/services/index`). Everything else is private.
*/
// Nothing here is used by another domain yet: export a function when one needs it.
export {}
