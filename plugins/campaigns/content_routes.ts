/** Routes of generated content pieces (added once the AI gateway is available). */
export default function registerContentRoutes() {}
