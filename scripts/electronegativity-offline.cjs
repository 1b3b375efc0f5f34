// Preloaded into electronegativity (NODE_OPTIONS=--require): its start-up fetches translations
// from GitHub with `got`; offline, got's retry path can throw from a timer ("The `onCancel`
// handler was attached after the promise settled") and kill the scan before it writes its
// findings, which once made the lint report 0 findings and pass. Refusing the request at once
// takes the tool's own fallback (the bundled en-US texts).
const Module = require('node:module')
const load = Module._load
Module._load = function (request, parent, isMain) {
  if (request === 'got') {
    const refuse = () => Promise.reject(new Error('offline: TokenDesk runs electronegativity without network'))
    return Object.assign(refuse, { default: refuse })
  }
  return load.call(this, request, parent, isMain)
}
