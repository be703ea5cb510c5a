import { requireEmbedSession } from '#sdk'

/**
 * Who the widget's session token names: lets an element show the signed-in
 * end user and check the token (and its scopes) before it renders.
 */
export default class EmbedSessionController {
  async show() {
    const session = requireEmbedSession()
    return {
      end_user: {
        id: session.endUserId,
        external_id: session.externalId,
        name: session.name,
        email: session.email,
      },
      scopes: session.scopes,
      expires_at: session.expiresAt.toISOString(),
    }
  }
}
