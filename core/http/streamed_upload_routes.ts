/*
| Kept free of imports: the body parser config reads it at boot.
*/

/**
 * Route patterns whose multipart body the body parser leaves alone, because
 * the streamed upload middleware reads it (filled by the route policy from
 * each route's `.openapi({ upload })`). The body parser config holds this very
 * array as `multipart.processManually`.
 */
export const STREAMED_UPLOAD_PATTERNS: string[] = []
