import type { Task } from 'graphile-worker'

/** Extracts, chunks and queues embedding of one knowledge document. */
const processDocument: Task = async () => {
  throw new Error('knowledge/process_document is not built yet')
}
export default processDocument
