import { spawnSync } from 'node:child_process'
import { accessSync, chmodSync, constants, copyFileSync, mkdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const require = createRequire(import.meta.url)

/** The encoder and prober the offline renderer uses, and where each came from. */
export interface FfmpegBinaries {
  ffmpeg: string
  ffprobe: string
  source: { ffmpeg: string; ffprobe: string }
}

/**
 * Makes a binary shipped in an npm package executable by whoever runs the
 * platform: `@ffprobe-installer` ships ffprobe as 0744 and its postinstall
 * `chmod` is held back by npm, so a non-root user cannot run it. Adds the
 * execute bits when we own the file, else uses an executable copy in the
 * temporary folder.
 */
export function ensureExecutable(path: string): string {
  const mode = statSync(path).mode
  if ((mode & 0o111) === 0o111) return path
  try {
    chmodSync(path, mode | 0o555)
    accessSync(path, constants.X_OK)
    return path
  } catch {
    const folder = join(tmpdir(), 'aip-video-bin')
    mkdirSync(folder, { recursive: true })
    const copy = join(folder, path.split('/').pop()!)
    copyFileSync(path, copy)
    chmodSync(copy, 0o755)
    return copy
  }
}

function works(path: string) {
  const result = spawnSync(path, ['-hide_banner', '-version'], { timeout: 15_000 })
  return result.status === 0
}

/** Binary paths an operator configured (VIDEO_FFMPEG_PATH, VIDEO_FFPROBE_PATH). */
export interface ConfiguredBinaries {
  ffmpeg?: string
  ffprobe?: string
}

function candidate(
  name: 'ffmpeg' | 'ffprobe',
  configured: string | undefined
): { path: string; source: string } | null {
  const tried: Array<{ path: () => string; source: string }> = [
    ...(configured ? [{ path: () => configured, source: 'environment' }] : []),
    {
      path: () =>
        ensureExecutable(
          require(name === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe')
            .path as string
        ),
      source: 'npm package',
    },
    { path: () => name, source: 'system PATH' },
  ]
  for (const option of tried) {
    try {
      const path = option.path()
      if (works(path)) return { path, source: option.source }
    } catch {
      // not installed for this platform: try the next option
    }
  }
  return null
}

let cached: FfmpegBinaries | null = null

/**
 * The ffmpeg and ffprobe to use, chosen once: `VIDEO_FFMPEG_PATH` /
 * `VIDEO_FFPROBE_PATH`, else the binaries shipped in npm packages, else a
 * system install on the PATH. Throws a message saying what to install when
 * none works.
 */
export function ffmpegBinaries(configured: ConfiguredBinaries): FfmpegBinaries {
  if (cached) return cached
  const ffmpeg = candidate('ffmpeg', configured.ffmpeg)
  const ffprobe = candidate('ffprobe', configured.ffprobe)
  if (!ffmpeg || !ffprobe) {
    throw new Error(
      `No working ${!ffmpeg ? 'ffmpeg' : 'ffprobe'} for the offline video renderer: run "npm ci" (it installs @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe), install ffmpeg on the system, or set VIDEO_FFMPEG_PATH and VIDEO_FFPROBE_PATH`
    )
  }
  cached = {
    ffmpeg: ffmpeg.path,
    ffprobe: ffprobe.path,
    source: { ffmpeg: ffmpeg.source, ffprobe: ffprobe.source },
  }
  return cached
}
