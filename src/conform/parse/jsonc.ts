import { createRequire } from 'node:module'
import type * as JsoncParser from 'jsonc-parser'

// jsonc-parser's "main" is a UMD build whose inner `require("./impl/...")` calls esbuild cannot
// follow, so a bundled copy crashes at load. Loading it from node_modules at run time (through a
// function esbuild does not treat as `require`) keeps the bundle and the tests on the same code.
const loadFromNodeModules = createRequire(import.meta.url)

/** jsonc-parser (JSON with comments, positions kept), loaded unbundled. */
export const jsonc = loadFromNodeModules('jsonc-parser') as typeof JsoncParser
export type { JSONPath, Node, ParseError } from 'jsonc-parser'
