import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestAccount } from '#tests/helpers/accounts'
import { ffmpegBinaries } from '../services/ffmpeg_binaries.js'
import videoConfig from '../video_config.js'

/** The ffmpeg the renderer uses (fixtures are made with it). */
export function ffmpegForTests() {
  return ffmpegBinaries(videoConfig.binaries).ffmpeg
}

/** A small real PNG (ffmpeg's test pattern), as a provider would return it. */
export function encodePngForTests(width = 90, height = 160) {
  const file = join(mkdtempSync(join(tmpdir(), 'aip-video-png-')), 'image.png')
  execFileSync(ffmpegForTests(), [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=s=${width}x${height}`,
    '-frames:v',
    '1',
    file,
  ])
  return readFileSync(file)
}

/** Creates a project through the API and returns its body (throws on failure). */
export async function createProject(
  client: ApiClient,
  account: TestAccount,
  body: Record<string, unknown> = {}
) {
  const response = await client
    .post('/v1/video/projects')
    .bearerToken(account.token)
    .json({ goal: 'Launch the spring running-shoe sale to trail runners', ...body })
  if (response.status() !== 201) {
    throw new Error(`project creation failed: ${response.status()} ${response.text()}`)
  }
  return response.body() as Record<string, any> & { id: string }
}

/** A project row read past RLS (for assertions). */
export async function projectRow(id: string) {
  return db.from('ai_video_projects').where('id', id).first()
}

/** The step rows of a project, read past RLS. */
export async function jobRows(id: string) {
  return db
    .from('ai_video_jobs')
    .where('project_id', id)
    .orderBy([{ column: 'job_type' }, { column: 'scene_index' }])
}

/** A job identity of an account (as `jobTenantIdentity` gives it to a step). */
export function identityOf(account: TestAccount) {
  return { userId: account.id, workspaceId: account.personalWorkspaceId, via: 'job' as const }
}
