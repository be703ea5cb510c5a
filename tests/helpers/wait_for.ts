/**
 * Polls `probe` until it returns a truthy value or the time runs out; for
 * asynchronous outcomes such as a job being processed by the worker.
 */
export async function waitFor<T>(
  probe: () => Promise<T>,
  timeoutMs = 15_000,
  intervalMs = 50
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
