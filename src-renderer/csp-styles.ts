/**
 * Radix dialogs lock page scroll through react-remove-scroll, whose react-style-singleton injects a
 * <style> element. Our CSP (style-src 'self', no 'unsafe-inline') rightly blocks it, and Chromium
 * reports a violation each time a dialog opens, even for an empty element.
 *
 * react-style-singleton writes its CSS through the legacy `styleElement.styleSheet.cssText` when
 * that property exists, then appends the element to <head>, and later removes it through
 * `parentNode.removeChild`. We provide that legacy property: the CSS goes into a constructable
 * stylesheet (CSSOM, which CSP does not govern), the element itself is never attached, and its
 * removal drops the sheet. The policy stays strict: no <style> element or style attribute from
 * markup is ever applied.
 */
const proto = HTMLStyleElement.prototype as HTMLStyleElement & { styleSheet?: unknown }

if (!('styleSheet' in proto) && 'adoptedStyleSheets' in Document.prototype) {
  const detached = new WeakSet<Node>()

  Object.defineProperty(proto, 'styleSheet', {
    configurable: true,
    get(this: HTMLStyleElement) {
      // Only an element no one has attached or filled yet takes the CSSOM path.
      if (this.isConnected || this.firstChild) return undefined
      const el = this
      return {
        set cssText(css: string) {
          const sheet = new CSSStyleSheet()
          sheet.replaceSync(css)
          document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
          detached.add(el)
          Object.defineProperty(el, 'parentNode', {
            configurable: true,
            get: () => ({
              removeChild: () => {
                document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet)
                delete (el as { parentNode?: unknown }).parentNode
                detached.delete(el)
                return el
              },
            }),
          })
        },
      }
    },
  })

  const head = document.head
  const append = head.appendChild.bind(head)
  head.appendChild = <T extends Node>(node: T): T => (detached.has(node) ? node : append(node))
}

export {}
