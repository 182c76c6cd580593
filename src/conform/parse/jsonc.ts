import * as jsonc from 'jsonc-parser'

/** jsonc-parser (JSON with comments, positions kept); bundled from its ESM build (esbuild --main-fields=module,main). */
export { jsonc }
export type { JSONPath, Node, ParseError } from 'jsonc-parser'
