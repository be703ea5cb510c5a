import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { BrandKit } from './brand_kit.js'
import type { FfmpegBinaries } from './ffmpeg_binaries.js'

const require = createRequire(import.meta.url)

/** One scene as the renderer draws it: a still (panned or zoomed) or a clip, and its caption. */
export interface RenderScene {
  duration_s: number
  caption: string
  /** A picture file (PNG/JPEG): shown with a slow pan (even scenes) or zoom (odd scenes). */
  still?: string
  /** A video file (a provider's clip): scaled to the frame and cut to the scene's duration. */
  clip?: string
}

/** Everything one render needs; files are paths in `workDir`. */
export interface RenderInput {
  width: number
  height: number
  fps: number
  durationS: number
  title: string
  scenes: RenderScene[]
  brand: BrandKit
  logo?: string
  audio?: string
  workDir: string
  output: string
  binaries: FfmpegBinaries
}

/** What a render reports: the encoder's wall time, CPU time and peak memory (from `-benchmark`). */
export interface RenderReport {
  wallMs: number
  cpuS: number | null
  maxRssKb: number | null
}

/** CPU seconds (user + system) and peak memory that ffmpeg's `-benchmark` printed. */
export function benchmarkFigures(stderr: string) {
  const times = /bench: utime=([\d.]+)s stime=([\d.]+)s/.exec(stderr)
  const rss = /maxrss=(\d+)kB/.exec(stderr)
  return {
    cpuS: times ? Number(times[1]) + Number(times[2]) : null,
    maxRssKb: rss ? Number(rss[1]) : null,
  }
}

const FONT_FILES: Record<BrandKit['font'], string> = {
  'sans': 'DejaVuSans.ttf',
  'sans-bold': 'DejaVuSans-Bold.ttf',
  'serif': 'DejaVuSerif.ttf',
  'serif-bold': 'DejaVuSerif-Bold.ttf',
  'mono': 'DejaVuSansMono.ttf',
  'condensed': 'DejaVuSansCondensed-Bold.ttf',
}

/** Path of a DejaVu font shipped by the `dejavu-fonts-ttf` package. */
export function fontPath(font: BrandKit['font']) {
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', FONT_FILES[font])
}

/** Escapes a value for an ffmpeg filtergraph option. */
function filterValue(value: string) {
  return value.replace(/[\\:'\[\],;]/g, (char) => `\\${char}`)
}

const colour = (hex: string) => `0x${hex.replace('#', '')}`

/** Wraps text into lines of at most `width` characters (long words are cut). */
export function wrapText(text: string, width: number, maxLines = 4) {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let piece = word; piece.length; piece = piece.slice(width)) {
      const part = piece.slice(0, width)
      if (!line) line = part
      else if (line.length + 1 + part.length <= width) line += ` ${part}`
      else {
        lines.push(line)
        line = part
      }
    }
  }
  if (line) lines.push(line)
  return lines.slice(0, maxLines).join('\n')
}

/** Frames of each scene: cumulative rounding, so the total is exactly durationS × fps. */
export function sceneFrames(durations: number[], fps: number) {
  let start = 0
  let elapsed = 0
  return durations.map((duration) => {
    elapsed += duration
    const end = Math.round(elapsed * fps)
    const frames = Math.max(1, end - start)
    start = end
    return frames
  })
}

/** Runs ffmpeg, resolving with its stderr; rejects with its last lines on failure. */
function runFfmpeg(ffmpeg: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk.toString()).slice(-20_000)
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(stderr)
      else
        reject(
          new Error(`ffmpeg failed (${code}): ${stderr.trim().split('\n').slice(-4).join(' | ')}`)
        )
    })
  })
}

/**
 * Renders an H.264 MP4 with no network: each scene's still with a slow pan or
 * zoom (or a provider clip), burned-in captions in the brand's colours and
 * font exactly over the scene's frames, the title on the first scene, the
 * logo in a corner, an optional audio track, at the platform's size and
 * exactly `durationS` long (frames = durationS × fps). One ffmpeg process;
 * stills are scaled once and looped, so per-frame work is a crop or a zoom.
 */
export async function renderVideo(input: RenderInput): Promise<RenderReport> {
  const { width: W, height: H, fps, brand } = input
  const portrait = H > W
  const fontFile = filterValue(fontPath(brand.font))
  const captionSize = Math.round(portrait ? H * 0.032 : H * 0.05)
  const titleSize = Math.round(captionSize * 1.5)
  const wrapAt = portrait ? 26 : 44
  const overW = Math.round((W * 1.12) / 2) * 2
  const overH = Math.round((H * 1.12) / 2) * 2
  const frames = sceneFrames(
    input.scenes.map((scene) => scene.duration_s),
    fps
  )
  const args = ['-hide_banner', '-nostdin', '-y', '-benchmark']
  const filters: string[] = []
  const textBox = (file: string, size: number, box: string, y: string) =>
    `drawtext=fontfile=${fontFile}:textfile=${file}:expansion=none:fontsize=${size}` +
    `:fontcolor=${colour(brand.text_color)}:line_spacing=${Math.round(size * 0.25)}` +
    `:box=1:boxcolor=${colour(box)}@0.82:boxborderw=${Math.round(size * 0.45)}` +
    `:x=(w-text_w)/2:y=${y}`

  for (const [index, scene] of input.scenes.entries()) {
    const n = frames[index]
    const source = scene.clip ?? scene.still
    if (!source) throw new Error(`scene ${index + 1} has neither a picture nor a clip`)
    args.push('-i', source)
    let chain: string
    if (scene.clip) {
      chain =
        `[${index}:v]scale=${W}:${H}:force_original_aspect_ratio=increase,crop=${W}:${H},` +
        `fps=${fps},trim=end_frame=${n},setpts=N/${fps}/TB,format=yuv420p`
    } else {
      const base =
        `[${index}:v]scale=${overW}:${overH}:force_original_aspect_ratio=increase,` +
        `crop=${overW}:${overH},format=yuv420p`
      if (index % 2 === 1) {
        chain =
          `${base},zoompan=z='1+0.12*on/${n}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2'` +
          `:d=${n}:s=${W}x${H}:fps=${fps}`
      } else {
        const direction = index % 4 === 0 ? `t*${fps}/${n}` : `(1-t*${fps}/${n})`
        chain =
          `${base},loop=loop=${n - 1}:size=1:start=0,setpts=N/${fps}/TB,` +
          `crop=${W}:${H}:x='(in_w-out_w)*${direction}':y='(in_h-out_h)*(0.3+0.4*t*${fps}/${n})'`
      }
    }
    const caption = scene.caption.trim()
    const showCaption = caption && !(index === 0 && caption === input.title.trim())
    if (index === 0 && input.title.trim()) {
      const file = `title_${index}.txt`
      await writeFile(join(input.workDir, file), wrapText(input.title, Math.round(wrapAt / 1.5), 3))
      chain += `,${textBox(file, titleSize, brand.secondary_color, '(h-text_h)/2')}`
    }
    if (showCaption) {
      const file = `caption_${index}.txt`
      await writeFile(join(input.workDir, file), wrapText(caption, wrapAt))
      chain += `,${textBox(file, captionSize, brand.primary_color, `h-text_h-${Math.round(H * 0.12)}`)}`
    }
    filters.push(`${chain},setsar=1[s${index}]`)
  }
  const count = input.scenes.length
  filters.push(
    `${input.scenes.map((_, index) => `[s${index}]`).join('')}concat=n=${count}:v=1:a=0[cat]`
  )
  let last = '[cat]'
  if (input.logo) {
    args.push('-i', input.logo)
    const logoWidth = Math.round((Math.min(W, H) * 0.2) / 2) * 2
    filters.push(`[${count}:v]scale=${logoWidth}:-2[logo]`)
    filters.push(`${last}[logo]overlay=x=W-w-${Math.round(W * 0.05)}:y=${Math.round(H * 0.04)}[lg]`)
    last = '[lg]'
  }
  filters.push(`${last}format=yuv420p[out]`)
  const audioIndex = input.logo ? count + 1 : count
  if (input.audio) args.push('-i', input.audio)
  args.push('-filter_complex', filters.join(';'), '-map', '[out]')
  if (input.audio) {
    args.push('-map', `${audioIndex}:a:0`, '-af', 'apad', '-c:a', 'aac', '-b:a', '128k')
  }
  const totalFrames = frames.reduce((a, b) => a + b, 0)
  args.push(
    '-r',
    String(fps),
    '-frames:v',
    String(totalFrames),
    '-t',
    (totalFrames / fps).toFixed(3),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '23',
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    input.output
  )
  const started = Date.now()
  const stderr = await runFfmpeg(input.binaries.ffmpeg, args, input.workDir)
  return { wallMs: Date.now() - started, ...benchmarkFigures(stderr) }
}

/** What ffprobe reads from a video file. */
export interface ProbeResult {
  codec: string
  width: number
  height: number
  durationS: number
  hasAudio: boolean
}

/** Reads codec, size and duration of a video file with ffprobe. */
export function probeVideo(binaries: FfmpegBinaries, path: string): Promise<ProbeResult> {
  const { ffprobe } = binaries
  return new Promise((resolve, reject) => {
    const child = spawn(
      ffprobe,
      [
        '-v',
        'error',
        '-show_entries',
        'stream=codec_type,codec_name,width,height:format=duration',
        '-of',
        'json',
        path,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.stderr.on('data', (chunk) => (err += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ffprobe failed: ${err.trim()}`))
      const parsed = JSON.parse(out) as {
        streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>
        format: { duration: string }
      }
      const video = parsed.streams.find((stream) => stream.codec_type === 'video')
      if (!video) return reject(new Error('no video stream'))
      resolve({
        codec: video.codec_name,
        width: video.width ?? 0,
        height: video.height ?? 0,
        durationS: Number(parsed.format.duration),
        hasAudio: parsed.streams.some((stream) => stream.codec_type === 'audio'),
      })
    })
  })
}
