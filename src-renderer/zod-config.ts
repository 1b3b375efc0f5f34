import { z } from 'zod'

// zod compiles fast object parsers with `new Function` after probing whether eval is allowed; the
// page's CSP forbids eval, and Chromium reports even the caught probe as a CSP violation. jitless
// skips the probe and the compile (the renderer parses small inputs; the fast path buys nothing).
z.config({ jitless: true })
