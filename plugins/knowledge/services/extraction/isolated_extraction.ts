import { Worker } from 'node:worker_threads'
import knowledgeConfig from '../../knowledge_config.js'
import type { ChunkOptions, TextChunk } from '../chunker.js'
import { ExtractionError } from './extraction_error.js'
import type { KnowledgeFileType } from './file_types.js'
import type { IsolatedReply, IsolatedTask } from './isolated_task.js'
import type { ExtractedText } from './text_extractor.js'

/**
 * The worker's entry file next to this one, with this file's own extension:
 * `.ts` when the sources run through the TypeScript loader, `.js` once built.
 */
const WORKER_URL = new URL(
  `./extraction_worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url
)

/**
 * Node options of the worker. A Worker inherits the parent's `execArgv`:
 * `npm start` and the test runner load TypeScript with `--import`, so the
 * worker does too; `node ace …` registers the loader from ace.js instead,
 * so a `.ts` worker is given the loader explicitly (resolved to a file URL,
 * independent of the working directory). A built app needs nothing.
 */
function workerExecArgv(): string[] | undefined {
  if (!WORKER_URL.pathname.endsWith('.ts')) return undefined
  if (process.execArgv.some((flag) => flag.includes('@poppinss/ts-exec'))) return undefined
  return [...process.execArgv, `--import=${import.meta.resolve('@poppinss/ts-exec')}`]
}

/** Heap limit and wall-clock timeout of one isolated run (knowledgeConfig.isolation). */
export interface IsolationBounds {
  maxHeapMb: number
  timeoutMs: number
}

/**
 * Runs one task in a fresh Worker thread with a heap limit and a wall-clock
 * timeout, and settles with its value. The worker is terminated past the
 * timeout; running out of heap ends only the worker. Both become a readable
 * ExtractionError (the same input would fail the same way), as does an
 * ExtractionError thrown inside; any other failure is a plain Error (retried).
 * `what` names the work in those messages.
 */
export function runIsolated<T>(
  task: IsolatedTask,
  what: string,
  bounds: IsolationBounds = knowledgeConfig.isolation
): Promise<T> {
  const { timeoutMs, maxHeapMb } = bounds
  return new Promise<T>((resolve, reject) => {
    let settled = false
    const worker = new Worker(WORKER_URL, {
      workerData: task,
      execArgv: workerExecArgv(),
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
      stdout: false,
      stderr: false,
    })
    const settle = (outcome: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      outcome()
      void worker.terminate()
    }
    const timer = setTimeout(() => {
      settle(() =>
        reject(
          new ExtractionError(
            `${what} took longer than the limit of ${timeoutMs} ms and was stopped (KNOWLEDGE_EXTRACTION_TIMEOUT_MS)`
          )
        )
      )
    }, timeoutMs)
    worker.once('message', (reply: IsolatedReply) => {
      settle(() => {
        if (reply.ok) return resolve(reply.value as T)
        if (reply.name === 'ExtractionError') return reject(new ExtractionError(reply.message))
        const error = new Error(reply.message)
        error.name = reply.name
        reject(error)
      })
    })
    worker.once('error', (error: Error & { code?: string }) => {
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ExtractionError(
                `${what} needed more memory than the limit of ${maxHeapMb} MB and was stopped (KNOWLEDGE_EXTRACTION_MAX_HEAP_MB)`
              )
            : error
        )
      )
    })
    worker.once('exit', (code) => {
      settle(() =>
        reject(new Error(`The extraction worker exited with code ${code} before answering`))
      )
    })
  })
}

/**
 * The text of a file (see extractText), extracted in an isolated worker
 * within the knowledge limits: a hostile file (a zip or PDF bomb) costs at
 * most the worker's heap and time, and fails with a readable ExtractionError
 * while the server keeps serving.
 */
export function extractIsolated(
  type: KnowledgeFileType,
  bytes: Uint8Array
): Promise<ExtractedText> {
  return runIsolated<ExtractedText>(
    { kind: 'extract', type, bytes, limits: knowledgeConfig.extraction },
    'Extracting the text of the document'
  )
}

/**
 * The chunks of a text (see chunkText), computed in an isolated worker:
 * tokenizing a large document takes seconds of CPU, which would otherwise
 * stall every request of the process.
 */
export function chunkIsolated(text: string, options: ChunkOptions): Promise<TextChunk[]> {
  return runIsolated<TextChunk[]>(
    { kind: 'chunk', text, options },
    'Splitting the document into chunks'
  )
}
