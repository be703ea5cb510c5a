/** Registers the knowledge conversation routes. */
export default function registerConversationRoutes() {}
