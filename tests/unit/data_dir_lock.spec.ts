import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { DataDirLock } from '#core/database/data_dir_lock'
import { SetupError } from '#core/exceptions/setup_error'

/** A fresh data folder and its lock file path, removed after the test. */
function dataFolder(cleanup: (fn: () => void) => void) {
  const dataDir = mkdtempSync(join(tmpdir(), 'aip-lock-'))
  cleanup(() => rmSync(dataDir, { recursive: true, force: true }))
  return { dataDir, file: join(dataDir, 'embedded.pid') }
}

test.group('Embedded data folder lock', () => {
  test('a lock naming a live but unrelated process (PID reuse) does not block the start', async ({
    assert,
    cleanup,
  }) => {
    const { dataDir, file } = dataFolder(cleanup)
    // The test runner's parent is alive, but it is not the process that wrote
    // this lock: its recorded start time differs.
    writeFileSync(file, JSON.stringify({ pid: process.ppid, started: 'another-boot/12345' }))
    const lock = new DataDirLock(file, dataDir)
    lock.acquire()
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).pid, process.pid)
    lock.release()
    assert.isFalse(existsSync(file))
  })

  test('an old bare-PID lock is stale when its live PID started after the file was written', async ({
    assert,
    cleanup,
  }) => {
    const { dataDir, file } = dataFolder(cleanup)
    // Dated 2001: the live parent process started long after, so it cannot
    // be the process that wrote it.
    writeFileSync(file, String(process.ppid))
    const past = new Date('2001-01-01T00:00:00Z')
    utimesSync(file, past, past)
    const lock = new DataDirLock(file, dataDir)
    lock.acquire()
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).pid, process.pid)
    lock.release()
  })

  test('a lock naming a dead process is replaced', async ({ assert, cleanup }) => {
    const { dataDir, file } = dataFolder(cleanup)
    writeFileSync(file, JSON.stringify({ pid: 2 ** 22 - 1, started: 'x/1' }))
    const lock = new DataDirLock(file, dataDir)
    lock.acquire()
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).pid, process.pid)
    lock.release()
  })

  test('a lock held by the live process that wrote it refuses the start with the message', async ({
    assert,
    cleanup,
  }) => {
    const { dataDir, file } = dataFolder(cleanup)
    const parent = readFileSync(`/proc/${process.ppid}/stat`, 'utf8')
    const startTicks = parent.slice(parent.lastIndexOf(')') + 2).split(' ')[19]
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    writeFileSync(file, JSON.stringify({ pid: process.ppid, started: `${bootId}/${startTicks}` }))
    const lock = new DataDirLock(file, dataDir)
    const error = (() => {
      try {
        lock.acquire()
      } catch (caught) {
        return caught
      }
    })()
    assert.instanceOf(error, SetupError)
    assert.equal(
      (error as Error).message,
      `The embedded database in ${dataDir} is in use by process ${process.ppid}. ` +
        'Stop that process, point DATA_DIR elsewhere, or set DATABASE_URL.'
    )
    // The holder's file is left alone.
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).pid, process.ppid)
  })
})
