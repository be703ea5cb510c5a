/** Registers the knowledge bucket routes. */
export default function registerBucketRoutes() {}
