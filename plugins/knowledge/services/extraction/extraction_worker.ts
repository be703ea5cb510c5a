/*
| Entry point of the isolated extraction worker (a `node:worker_threads`
| Worker started by isolated_extraction.ts, one per task). It runs one task
| given in `workerData` and posts back its result, or the error as plain data
| (an ExtractionError is a readable, permanent failure). Its heap and running
| time are bounded by the parent, which terminates it past either.
*/
import { constants, setPriority } from 'node:os'
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

// Background work: on Linux the nice value is per thread, so this lowers only
// this worker's priority and the server's main thread wins the CPU when both
// want it. Elsewhere it may apply to the process or be refused: then ignored.
if (process.platform === 'linux') {
  try {
    setPriority(constants.priority.PRIORITY_LOW)
  } catch {
    // not permitted here: run at the normal priority
  }
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
