import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { localImage } from '#core/ai/local_image'
import { DEFAULT_BRAND_KIT } from '#plugins/video/services/brand_kit'
import { ffmpegBinaries } from '#plugins/video/services/ffmpeg_binaries'
import { benchmarkFigures, renderVideo, sceneFrames } from '#plugins/video/services/video_renderer'
import { compareRounds, type Comparison } from '../lib/report.ts'

/** Settings of scenario (j). */
export interface VideoRenderOptions {
  dataDir: string
  rounds: number
}

/** Raw figures of scenario (j), written to latest.json. */
export interface VideoRenderDetails {
  clipSeconds: number
  size: string
  fps: number
  encoder: string
  rounds: {
    renderMs: number
    bareMs: number
    renderCpuS: number
    bareCpuS: number
    renderMaxRssKb: number
    bareMaxRssKb: number
  }[]
}

const FPS = 25
const CLIP_S = 8
const SCENES = [
  { duration_s: 2.7, caption: 'Spring sale: 30% off trail shoes' },
  { duration_s: 2.8, caption: 'Grip tested on wet rock, free returns for 90 days' },
  { duration_s: 2.5, caption: 'Sell 500 pairs before Sunday' },
]

function ffmpegRun(ffmpeg: string, args: string[], cwd: string) {
  return new Promise<{ ms: number; cpuS: number; maxRssKb: number }>((resolve, reject) => {
    const started = performance.now()
    const child = spawn(ffmpeg, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-5000)))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bare ffmpeg failed: ${stderr}`))
      const figures = benchmarkFigures(stderr)
      resolve({
        ms: performance.now() - started,
        cpuS: figures.cpuS ?? 0,
        maxRssKb: figures.maxRssKb ?? 0,
      })
    })
  })
}

/**
 * Scenario (j): the offline renderer on an 8-second 1080x1920 clip of three
 * scenes (pan, zoom, pan; captions, title and logo in the brand's colours
 * and font) against the clip's own duration (real time) and against a bare
 * ffmpeg encode of the same stills at the same size, frame rate, length and
 * x264 settings with no effects (a slideshow): the cost of motion and text.
 * Also the encoder's peak memory (ffmpeg `-benchmark` maxrss) on both sides.
 */
export async function runVideoRender(
  options: VideoRenderOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: VideoRenderDetails }> {
  const binaries = ffmpegBinaries({
    ffmpeg: process.env.VIDEO_FFMPEG_PATH,
    ffprobe: process.env.VIDEO_FFPROBE_PATH,
  })
  const workDir = join(options.dataDir, 'video-render')
  mkdirSync(workDir, { recursive: true })
  const stills = SCENES.map((scene, index) => {
    const file = join(workDir, `scene-${index}.png`)
    writeFileSync(file, localImage(scene.caption, '9:16', ['#1f2a44', '#3b82f6']).bytes)
    return file
  })
  const frames = sceneFrames(
    SCENES.map((scene) => scene.duration_s),
    FPS
  )
  const bareArgs = [
    '-hide_banner',
    '-nostdin',
    '-y',
    '-benchmark',
    ...stills.flatMap((file) => ['-i', file]),
    '-filter_complex',
    stills
      .map(
        (_, i) =>
          `[${i}:v]scale=1080:1920,format=yuv420p,loop=loop=${frames[i] - 1}:size=1:start=0,setpts=N/${FPS}/TB[s${i}]`
      )
      .join(';') +
      `;${stills.map((_, i) => `[s${i}]`).join('')}concat=n=${stills.length}:v=1:a=0[out]`,
    '-map',
    '[out]',
    '-r',
    String(FPS),
    '-frames:v',
    String(CLIP_S * FPS),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '23',
    '-pix_fmt',
    'yuv420p',
    'bare.mp4',
  ]
  const rounds: VideoRenderDetails['rounds'] = []
  for (let round = 0; round < options.rounds; round++) {
    const report = await renderVideo({
      width: 1080,
      height: 1920,
      fps: FPS,
      durationS: CLIP_S,
      title: 'Spring sale: 30% off trail shoes',
      scenes: SCENES.map((scene, index) => ({ ...scene, still: stills[index] })),
      brand: DEFAULT_BRAND_KIT,
      logo: stills[2],
      workDir,
      output: join(workDir, 'render.mp4'),
      binaries,
    })
    const bare = await ffmpegRun(binaries.ffmpeg, bareArgs, workDir)
    rounds.push({
      renderMs: report.wallMs,
      bareMs: bare.ms,
      renderCpuS: report.cpuS ?? 0,
      bareCpuS: bare.cpuS,
      renderMaxRssKb: report.maxRssKb ?? 0,
      bareMaxRssKb: bare.maxRssKb,
    })
    log(
      `  round ${round + 1}: render ${report.wallMs} ms (${(report.wallMs / 1000 / CLIP_S).toFixed(2)}× real time), bare encode ${Math.round(bare.ms)} ms; peak ${Math.round((report.maxRssKb ?? 0) / 1024)} MB vs ${Math.round(bare.maxRssKb / 1024)} MB`
    )
  }
  const scenario = '(j) video-render'
  return {
    comparisons: [
      compareRounds(
        scenario,
        'render time of an 8 s 1080x1920 clip vs its duration (× real time)',
        's',
        rounds.map((r) => r.renderMs / 1000),
        rounds.map(() => CLIP_S),
        { platform: 'offline renderer', baseline: 'clip duration' }
      ),
      compareRounds(
        scenario,
        'encoder CPU time (user + system) vs the clip duration',
        's',
        rounds.map((r) => r.renderCpuS),
        rounds.map(() => CLIP_S),
        { platform: 'CPU seconds, all threads', baseline: 'clip duration' }
      ),
      compareRounds(
        scenario,
        'render time vs bare ffmpeg encode of the same stills',
        'ms',
        rounds.map((r) => r.renderMs),
        rounds.map((r) => r.bareMs),
        { platform: 'pan/zoom, captions, title, logo', baseline: 'slideshow, no effects' }
      ),
      compareRounds(
        scenario,
        'encoder CPU time (user + system) vs bare encode',
        's',
        rounds.map((r) => r.renderCpuS),
        rounds.map((r) => r.bareCpuS)
      ),
      compareRounds(
        scenario,
        'encoder peak memory vs bare encode',
        'MB',
        rounds.map((r) => r.renderMaxRssKb / 1024),
        rounds.map((r) => r.bareMaxRssKb / 1024)
      ),
    ],
    details: {
      clipSeconds: CLIP_S,
      size: '1080x1920',
      fps: FPS,
      encoder: `${binaries.ffmpeg} (${binaries.source.ffmpeg}), libx264 veryfast crf 23`,
      rounds,
    },
  }
}
