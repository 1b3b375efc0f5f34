import { describe, expect, it } from 'vitest'
import { decodeCodeCache, encodeCodeCache, trustedCacheFile } from './code-cache-file'

const runtime = { node: 'v24.22.3', arch: 'x64' }
const source = Buffer.from("exports.answer = () => 'v1'\n")
const data = Buffer.from([1, 2, 3, 0x0a, 4])

describe('the code cache file', () => {
  it('gives back V8\'s data for the same runtime and exactly the same source', () => {
    const found = decodeCodeCache(encodeCodeCache(runtime, source, data), runtime, source)
    expect(found).toEqual({ data })
  })
  it('is stale for a source of the same length with other bytes (V8 itself would accept it)', () => {
    const other = Buffer.from("exports.answer = () => 'v2'\n")
    expect(other.length).toBe(source.length)
    expect(decodeCodeCache(encodeCodeCache(runtime, source, data), runtime, other)).toEqual({ stale: 'made for another build of the bundle' })
  })
  it('is stale for another Node.js or architecture, a cut-off file, or something else entirely', () => {
    const file = encodeCodeCache(runtime, source, data)
    expect(decodeCodeCache(file, { ...runtime, node: 'v24.22.4' }, source)).toEqual({ stale: 'made by another Node.js' })
    expect(decodeCodeCache(file, { ...runtime, arch: 'arm64' }, source)).toEqual({ stale: 'made by another Node.js' })
    expect(decodeCodeCache(file.subarray(0, file.length - 1), runtime, source)).toEqual({ stale: 'truncated' })
    expect(decodeCodeCache(Buffer.concat([file, Buffer.from([0])]), runtime, source)).toEqual({ stale: 'truncated' })
    expect(decodeCodeCache(Buffer.from('#!/bin/sh\nrm -rf ~\n'), runtime, source)).toEqual({ stale: 'not a TokenDesk code cache' })
    const badHeader = Buffer.from('tokendesk-v8-code-cache 1\n{"node":\n')
    expect(decodeCodeCache(badHeader, runtime, source)).toEqual({ stale: 'unreadable header' })
  })
  it('is loaded only when as hard to change as the bundle: its owner\'s or ours, writable by nobody else', () => {
    const bundleOwner = 1000
    expect(trustedCacheFile({ uid: 1000, mode: 0o100644 }, bundleOwner, 1000)).toBe(true)
    expect(trustedCacheFile({ uid: 1000, mode: 0o100644 }, bundleOwner, 1001)).toBe(true) // a shared installation, read by another user
    expect(trustedCacheFile({ uid: 1001, mode: 0o100600 }, bundleOwner, 1001)).toBe(true) // written by this user
    expect(trustedCacheFile({ uid: 1002, mode: 0o100644 }, bundleOwner, 1001)).toBe(false) // a third user's file
    expect(trustedCacheFile({ uid: 1000, mode: 0o100664 }, bundleOwner, 1000)).toBe(false) // group-writable
    expect(trustedCacheFile({ uid: 1000, mode: 0o100646 }, bundleOwner, 1000)).toBe(false) // world-writable
    expect(trustedCacheFile({ uid: 0, mode: 0o100666 }, bundleOwner, undefined)).toBe(true) // Windows: no POSIX modes
  })
})
