import type { Task } from 'graphile-worker'

/** Embeds a batch of a document's chunks that have no embedding yet. */
const embedChunks: Task = async () => {
  throw new Error('knowledge/embed_chunks is not built yet')
}
export default embedChunks
