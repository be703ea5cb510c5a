/*
| Entry point of the isolated extraction worker (a `node:worker_threads`
| Worker started by isolated_extraction.ts, one per task). It runs one task
| given in `workerData` and posts back its result, or the error as plain data
| (an ExtractionError is a readable, permanent failure). Its heap and running
| time are bounded by the parent, which terminates it past either.
*/
import { parentPort, workerData } from 'node:worker_threads'
import type { IsolatedTask, IsolatedReply } from './isolated_task.js'

async function run(task: IsolatedTask): Promise<unknown> {
  if (task.kind === 'extract') {
    const { extractText } = await import('./text_extractor.js')
    return extractText(task.type, task.bytes, task.limits)
  }
  const { chunkText } = await import('../chunker.js')
  return chunkText(task.text, task.options)
}

let reply: IsolatedReply
try {
  reply = { ok: true, value: await run(workerData as IsolatedTask) }
} catch (error) {
  reply = {
    ok: false,
    name: (error as Error)?.name ?? 'Error',
    message: (error as Error)?.message ?? String(error),
  }
}
parentPort!.postMessage(reply)
