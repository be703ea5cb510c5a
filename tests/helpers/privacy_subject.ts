import db from '@adonisjs/lucid/services/db'
import { unzipSync } from 'fflate'
import type { ResolvedPrivacyTable } from '#modules/privacy/services/privacy_manifests'
import { subjectCondition } from '#modules/privacy/services/subject_data'

/** Number of the subject's rows in a declared table (through its parent for `via` tables). */
export async function subjectCount(table: ResolvedPrivacyTable, userId: string) {
  const result = await db.rawQuery(
    `select count(*)::int as n from ${table.table} where ${subjectCondition(table)}`,
    [userId]
  )
  return result.rows[0].n as number
}

/** Downloads a privacy export's archive from the test server and unzips it (file name to bytes). */
export async function downloadArchive(url: string) {
  const { pathname, search } = new URL(url)
  const response = await fetch(`http://${process.env.HOST}:${process.env.PORT}${pathname}${search}`)
  if (response.status !== 200) throw new Error(`download answered ${response.status}`)
  return unzipSync(new Uint8Array(await response.arrayBuffer()))
}
