/** Registers the knowledge search routes. */
export default function registerSearchRoutes() {}
