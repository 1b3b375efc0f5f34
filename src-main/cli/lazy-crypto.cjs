'use strict'
// node:crypto, loaded on first use. The hot bundle (scripts/build-cli.mjs) gives this to dotenv
// for its `require('crypto')`: dotenv needs crypto only to decrypt .env.vault files, which `run`
// never asks it to, and loading crypto was 4.8 ms of every `tokendesk run` start.
let real
module.exports = new Proxy(
  {},
  {
    get: (_, key) => (real ??= require('node:crypto'))[key],
    has: (_, key) => key in (real ??= require('node:crypto')),
  },
)
