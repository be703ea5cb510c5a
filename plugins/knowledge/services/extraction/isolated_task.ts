import type { ChunkOptions } from '../chunker.js'
import type { ExtractionLimits } from './extraction_limits.js'
import type { KnowledgeFileType } from './file_types.js'

/**
 * A unit of CPU-heavy document work handed to the isolated extraction
 * worker: extracting the text of a file, or chunking a text. Plain data
 * (it is structured-cloned into the worker).
 */
export type IsolatedTask =
  | { kind: 'extract'; type: KnowledgeFileType; bytes: Uint8Array; limits: ExtractionLimits }
  | { kind: 'chunk'; text: string; options: ChunkOptions }

/** What the worker posts back: the task's value, or its error as plain data. */
export type IsolatedReply =
  { ok: true; value: unknown } | { ok: false; name: string; message: string }
