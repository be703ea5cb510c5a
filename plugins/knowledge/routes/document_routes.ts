/** Registers the knowledge document routes. */
export default function registerDocumentRoutes() {}
