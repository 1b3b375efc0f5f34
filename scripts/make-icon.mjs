#!/usr/bin/env node
/**
 * Draws build/icon.png (512×512 RGBA): a white key on a blue rounded square. No image libraries:
 * the pixels are computed with signed distances (anti-aliased) and written as a PNG with zlib.
 * electron-builder derives the .icns / .ico / Linux sizes from it. Run: node scripts/make-icon.mjs
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

const SIZE = 512
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'build', 'icon.png')

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

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE)
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0 // filter: none
  for (let x = 0; x < SIZE; x++) {
    const px = x + 0.5
    const py = y + 0.5
    const bg = cover(sdRoundBox(px, py, 256, 256, 240, 240, 96))
    const t = py / SIZE // vertical gradient #2f6fe4 → #1d4fb8
    let r = 0x2f + (0x1d - 0x2f) * t
    let g = 0x6f + (0x4f - 0x6f) * t
    let b = 0xe4 + (0xb8 - 0xe4) * t
    const k = cover(keyDistance(px, py))
    r = r * (1 - k) + 255 * k
    g = g * (1 - k) + 255 * k
    b = b * (1 - k) + 255 * k
    const o = y * (SIZE * 4 + 1) + 1 + x * 4
    raw[o] = Math.round(r)
    raw[o + 1] = Math.round(g)
    raw[o + 2] = Math.round(b)
    raw[o + 3] = Math.round(255 * bg)
  }
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
const ihdr = Buffer.alloc(13)
ihdr.writeUInt32BE(SIZE, 0)
ihdr.writeUInt32BE(SIZE, 4)
ihdr[8] = 8 // bit depth
ihdr[9] = 6 // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
])
fs.mkdirSync(path.dirname(out), { recursive: true })
fs.writeFileSync(out, png)
console.log(`wrote ${out} (${png.length} bytes)`)
