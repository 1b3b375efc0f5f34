/**
 * TEST BUILD ONLY. Makes the loopback shim at least as strict as Electron's contextBridge, so a
 * value the real bridge would mangle fails a browser test instead of passing here and breaking in
 * the app (the day-one bug: errors crossed with their `code`, which contextBridge drops).
 *
 * What contextBridge does (Electron docs, api/context-bridge.md, "Parameter / Error / Return Type
 * support"): plain objects and arrays are copied key by key and lose their prototype; an Error is
 * copied with its message only (custom properties are lost); functions and promises at the API
 * surface are proxied; symbols are dropped. Here anything that would silently change shape is an
 * error: class instances, functions or promises inside data, symbols, Map/Set/Date, cycles.
 */
export class ContextBridgeViolation extends Error {
  override readonly name = 'ContextBridgeViolation'
}

const isPlainObject = (v: object) => {
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** A copy of `value` as the other world would receive it, or a ContextBridgeViolation. */
export function copyAcrossContexts(value: unknown, where = 'value', seen: Set<object> = new Set()): unknown {
  if (value === null || value === undefined) return value
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value
    case 'function':
      throw new ContextBridgeViolation(`${where} is a function inside data; contextBridge only proxies functions of the API itself`)
    case 'symbol':
      throw new ContextBridgeViolation(`${where} is a symbol; contextBridge drops symbols`)
    case 'bigint':
      throw new ContextBridgeViolation(`${where} is a bigint, which contextBridge does not copy`)
  }
  const obj = value as object
  if (value instanceof Error) {
    // Only the message crosses; `code`, `name` of a subclass and every other property are lost.
    return new Error(value.message)
  }
  if (seen.has(obj)) throw new ContextBridgeViolation(`${where} refers back to itself; contextBridge cannot copy cycles`)
  seen.add(obj)
  try {
    if (Array.isArray(obj)) return obj.map((v, i) => copyAcrossContexts(v, `${where}[${i}]`, seen))
    if (!isPlainObject(obj)) {
      const kind = (obj as { constructor?: { name?: string } }).constructor?.name ?? 'object'
      throw new ContextBridgeViolation(`${where} is a ${kind} instance; contextBridge copies only its own fields and loses its prototype`)
    }
    if (Object.getOwnPropertySymbols(obj).length > 0) throw new ContextBridgeViolation(`${where} has symbol keys; contextBridge drops them`)
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(obj)) out[k] = copyAcrossContexts(v, `${where}.${k}`, seen)
    return out
  } finally {
    seen.delete(obj)
  }
}

type AnyFn = (...args: unknown[]) => unknown

/** Wraps an API function as contextBridge proxies it: arguments and results copied, errors reduced to their message. */
function proxyFunction(fn: AnyFn, where: string): AnyFn {
  return (...args: unknown[]) => {
    const inArgs = args.map((a, i) => (typeof a === 'function' ? proxyFunction(a as AnyFn, `${where} argument ${i}`) : copyAcrossContexts(a, `${where} argument ${i}`)))
    let result: unknown
    try {
      result = fn(...inArgs)
    } catch (e) {
      throw copyAcrossContexts(e instanceof Error ? e : new Error(String(e)), `${where} error`)
    }
    if (result instanceof Promise) {
      return result.then(
        (v) => copyAcrossContexts(v, `${where} result`),
        (e: unknown) => {
          throw copyAcrossContexts(e instanceof Error ? e : new Error(String(e)), `${where} rejection`)
        },
      )
    }
    return typeof result === 'function' ? proxyFunction(result as AnyFn, `${where} result`) : copyAcrossContexts(result, `${where} result`)
  }
}

/** What `contextBridge.exposeInMainWorld(name, api)` hands the page, for an API of functions and groups of functions. */
export function exposeLikeContextBridge<T extends object>(api: T, name = 'api'): T {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(api)) {
    if (typeof v === 'function') out[k] = proxyFunction(v as AnyFn, `${name}.${k}`)
    else if (v && typeof v === 'object') out[k] = exposeLikeContextBridge(v as object, `${name}.${k}`)
    else out[k] = copyAcrossContexts(v, `${name}.${k}`)
  }
  return Object.freeze(out) as T
}
