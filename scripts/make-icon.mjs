#!/usr/bin/env node
/**
 * Draws build/icon.png (512×512 RGBA): a white key on a blue rounded square, and the tray icons
 * in build/tray/ at 16 px and 32 px (@2x; Electron picks the one for the screen's scale): the
 * same badge for Windows and Linux, and `trayTemplate` for macOS, a black key on transparent that
 * macOS recolours for light and dark menu bars (Electron treats a name ending in "Template" as a
 * template image). Drawn at each size rather than scaled down, so 16 px stays crisp. No image
 * libraries: the pixels are computed with signed distances (anti-aliased) and written as a PNG
 * with zlib. electron-builder derives the .icns / .ico / Linux sizes from icon.png.
 * Run: node scripts/make-icon.mjs
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

const SIZE = 512 // the design's coordinate space
const buildDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'build')

const clamp = (v) => Math.max(0, Math.min(1, v))
const sdRoundBox = (x, y, cx, cy, hw, hh, r) => {
  const qx = Math.abs(x - cx) - hw + r
  const qy = Math.abs(y - cy) - hh + r
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r
}
const sdCircle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r
const cover = (d) => clamp(0.5 - d) // signed distance → pixel coverage

// The key: a ring (bow), a shaft and two teeth, slanted 45° around the centre.
function keyDistance(px, py) {
  const a = -Math.PI / 4
  const cx = SIZE / 2
  const cy = SIZE / 2
  const x = Math.cos(a) * (px - cx) - Math.sin(a) * (py - cy) + cx
  const y = Math.sin(a) * (px - cx) + Math.cos(a) * (py - cy) + cy
  const ringOuter = sdCircle(x, y, 170, 256, 86)
  const ringInner = -sdCircle(x, y, 170, 256, 40)
  const ring = Math.max(ringOuter, ringInner)
  const shaft = sdRoundBox(x, y, 320, 256, 110, 22, 10)
  const tooth1 = sdRoundBox(x, y, 392, 292, 16, 36, 6)
  const tooth2 = sdRoundBox(x, y, 340, 286, 14, 26, 6)
  return Math.min(ring, shaft, tooth1, tooth2)
}

/** RGBA rows of one icon `size` px wide; `template`: black key on transparent, no badge. */
function render(size, { template = false, keyScale = 1 } = {}) {
  const k = SIZE / size // design units per pixel
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0 // filter: none
    for (let x = 0; x < size; x++) {
      const px = (x + 0.5) * k
      const py = (y + 0.5) * k
      // Coverage from the distance in pixels of this size, so edges stay one pixel soft.
      const key = cover(keyDistance(SIZE / 2 + (px - SIZE / 2) / keyScale, SIZE / 2 + (py - SIZE / 2) / keyScale) / k)
      const o = y * (size * 4 + 1) + 1 + x * 4
      if (template) {
        raw[o] = raw[o + 1] = raw[o + 2] = 0
        raw[o + 3] = Math.round(255 * key)
        continue
      }
      const bg = cover(sdRoundBox(px, py, 256, 256, 240, 240, 96) / k)
      const t = py / SIZE // vertical gradient #2f6fe4 → #1d4fb8
      const r = (0x2f + (0x1d - 0x2f) * t) * (1 - key) + 255 * key
      const g = (0x6f + (0x4f - 0x6f) * t) * (1 - key) + 255 * key
      const b = (0xe4 + (0xb8 - 0xe4) * t) * (1 - key) + 255 * key
      raw[o] = Math.round(r)
      raw[o + 1] = Math.round(g)
      raw[o + 2] = Math.round(b)
      raw[o + 3] = Math.round(255 * bg)
    }
  }
  return raw
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
function png(size, raw) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const files = [
  ['icon.png', 512, {}],
  ['tray/tray.png', 16, {}],
  ['tray/tray@2x.png', 32, {}],
  // The template has no badge, so the key fills more of the square.
  ['tray/trayTemplate.png', 16, { template: true, keyScale: 1.25 }],
  ['tray/trayTemplate@2x.png', 32, { template: true, keyScale: 1.25 }],
]
for (const [name, size, opts] of files) {
  const out = path.join(buildDir, name)
  const data = png(size, render(size, opts))
  fs.mkdirSync(path.dirname(out), { recursive: true })
  fs.writeFileSync(out, data)
  console.log(`wrote ${out} (${data.length} bytes)`)
}
