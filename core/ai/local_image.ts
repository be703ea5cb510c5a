import { createHash } from 'node:crypto'
import { deflateSync } from 'node:zlib'
import type { MediaAspectRatio } from '#core/ai/media_types'
import { terms } from '#core/ai/text_analysis'

/** Pixel size of the local provider's pictures per aspect ratio (the renderer scales them). */
export const LOCAL_IMAGE_SIZES: Record<MediaAspectRatio, { width: number; height: number }> = {
  '9:16': { width: 594, height: 1056 },
  '16:9': { width: 1056, height: 594 },
  '1:1': { width: 800, height: 800 },
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

function crc32(bytes: Uint8Array) {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array) {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'ascii')
  Buffer.from(data).copy(out, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}

/** Encodes RGB pixels (3 bytes each, row-major) as a PNG file. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(
      raw,
      y * (width * 3 + 1) + 1
    )
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 3 })),
    chunk('IEND', new Uint8Array()),
  ])
}

/** `#rrggbb` as [r, g, b]; null for anything else. */
export function parseHexColour(value: string | undefined): [number, number, number] | null {
  const match = /^#?([0-9a-f]{6})$/i.exec(value ?? '')
  if (!match) return null
  const n = Number.parseInt(match[1], 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

/** A colour derived from a word (stable: the same word always gives the same hue). */
function wordColour(word: string): [number, number, number] {
  const digest = createHash('sha256').update(word).digest()
  const hue = (digest[0] / 255) * 360
  const [s, l] = [0.55, 0.5]
  const k = (n: number) => (n + hue / 30) % 12
  const a = s * Math.min(l, 1 - l)
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)]
}

/**
 * The local provider's picture for a prompt: a gradient between the palette's
 * colours (or colours derived from the prompt's words) with one soft disc per
 * key term of the prompt, placed and sized from that term. Deterministic: the
 * same prompt and palette give the same PNG. It is an abstract backdrop for
 * the offline renderer's cards, not an illustration of the prompt.
 */
export function localImage(
  prompt: string,
  aspectRatio: MediaAspectRatio,
  palette: string[] = []
): { bytes: Buffer; width: number; height: number } {
  const { width, height } = LOCAL_IMAGE_SIZES[aspectRatio]
  const words = [...new Set(terms(prompt))].slice(0, 6)
  const colours = palette.map(parseHexColour).filter((c) => c !== null)
  while (colours.length < 2) colours.push(wordColour(words[colours.length] ?? `c${colours.length}`))
  const [from, to] = colours
  const discs = words.map((word) => {
    const digest = createHash('sha256').update(`disc:${word}`).digest()
    return {
      x: (digest[1] / 255) * width,
      y: (digest[2] / 255) * height,
      r: (0.12 + (digest[3] / 255) * 0.25) * Math.min(width, height),
      colour: colours[2] ?? wordColour(word),
    }
  })
  const rgb = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2
      let r = from[0] + (to[0] - from[0]) * t
      let g = from[1] + (to[1] - from[1]) * t
      let b = from[2] + (to[2] - from[2]) * t
      for (const disc of discs) {
        const d = Math.hypot(x - disc.x, y - disc.y) / disc.r
        if (d < 1) {
          const w = 0.35 * (1 - d * d)
          r += (disc.colour[0] - r) * w
          g += (disc.colour[1] - g) * w
          b += (disc.colour[2] - b) * w
        }
      }
      const i = (y * width + x) * 3
      rgb[i] = r
      rgb[i + 1] = g
      rgb[i + 2] = b
    }
  }
  return { bytes: encodePng(width, height, rgb), width, height }
}
