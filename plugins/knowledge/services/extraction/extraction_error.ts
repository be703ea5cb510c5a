/**
 * A document whose content cannot be turned into text (corrupt or unsupported
 * file, PDF without a text layer, refused URL). Permanent: retrying the same
 * input gives the same result, so the job marks the document failed with this
 * readable message instead of retrying.
 */
export class ExtractionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ExtractionError'
  }
}
