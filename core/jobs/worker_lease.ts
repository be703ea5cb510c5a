import { hostname } from 'node:os'
import type pg from 'pg'
import type { WorkerEvents } from 'graphile-worker'
import type { Logger } from '@adonisjs/core/logger'

/**
 * Delay between a job's start and the write that records it in the lease: jobs
 * that finish sooner cost no write, and a busy worker writes at most this
 * often. A job that kills the process within this delay is not recorded (it
 * still stops after its `maxAttempts`).
 */
const RECORD_DELAY_MS = 100

/**
 * The lease of one graphile-worker pool (its id is the `locked_by` of the jobs
 * it holds): a `worker_leases` row renewed every third of the lease, holding
 * the ids of the jobs running right now and the job keys they started with.
 * When the process dies, the row stops being renewed; a sweeper then reclaims
 * the pool's jobs, and the running ids tell which job was running at the death
 * (the poison-job rule); the keys tell whether it had been superseded.
 */
export class WorkerLease {
  #workerId?: string
  /** Running job id → the job key it started with (null: none). */
  #running = new Map<string, string | null>()
  #written?: string
  #heartbeat?: NodeJS.Timeout
  #record?: NodeJS.Timeout
  #pending: Promise<void> = Promise.resolve()
  #released = false

  constructor(
    private pool: pg.Pool,
    private leaseSeconds: number,
    private logger: Logger
  ) {}

  /** graphile-worker's id of the pool this lease belongs to (once created). */
  get workerId() {
    return this.#workerId
  }

  /** Follows the worker's events: takes the lease when its pool is created, tracks running jobs. */
  attach(events: WorkerEvents) {
    events.on('pool:create', ({ workerPool }) => {
      if (this.#workerId) return
      this.#workerId = workerPool.id
      this.#write()
      this.#heartbeat = setInterval(() => this.#write(), (this.leaseSeconds * 1000) / 3)
      this.#heartbeat.unref()
    })
    events.on('job:start', ({ job }) => {
      this.#running.set(String(job.id), job.key ?? null)
      this.#scheduleRecord()
    })
    const finished = ({ job }: { job: { id: string } }) => {
      this.#running.delete(String(job.id))
      this.#scheduleRecord()
    }
    events.on('job:success', finished)
    events.on('job:error', finished)
  }

  /** Stops renewing and removes the lease (after a graceful stop: the worker holds no job). */
  async release() {
    this.#released = true
    clearInterval(this.#heartbeat)
    clearTimeout(this.#record)
    await this.#pending
    if (!this.#workerId) return
    await this.pool
      .query('delete from public.worker_leases where worker_id = $1', [this.#workerId])
      .catch((error) => this.logger.warn({ err: error }, 'could not remove the worker lease'))
  }

  #scheduleRecord() {
    if (this.#record || !this.#workerId) return
    this.#record = setTimeout(() => {
      this.#record = undefined
      this.#write(true)
    }, RECORD_DELAY_MS)
    this.#record.unref()
  }

  /** Renews the lease (and records the running jobs); writes one at a time, in order. */
  #write(onlyIfChanged = false) {
    this.#pending = this.#pending.then(async () => {
      if (this.#released) return
      const running = [...this.#running.keys()]
      const keys = [...this.#running.values()]
      const snapshot = running.join(',')
      if (onlyIfChanged && snapshot === (this.#written ?? '')) return
      try {
        const result = await this.pool.query(
          `insert into public.worker_leases
             (worker_id, hostname, pid, heartbeat_at, expires_at, running_job_ids, running_job_keys)
           values ($1, $2, $3, now(), now() + make_interval(secs => $4), $5::bigint[], $6::text[])
           on conflict (worker_id) do update set
             heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at,
             running_job_ids = excluded.running_job_ids, running_job_keys = excluded.running_job_keys
           returning (xmax = 0) as created`,
          [this.#workerId, hostname(), process.pid, this.leaseSeconds, running, keys]
        )
        // A lease row that had to be created again was reclaimed: this worker
        // stalled longer than its lease (e.g. a blocked event loop).
        if (this.#written !== undefined && result.rows[0]?.created) {
          this.logger.warn(
            { worker: this.#workerId },
            'worker lease had expired and was reclaimed: its jobs may have run elsewhere'
          )
        }
        this.#written = snapshot
      } catch (error) {
        this.logger.warn({ err: error }, 'could not renew the worker lease')
      }
    })
  }
}
