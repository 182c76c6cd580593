import * as jsonc from 'jsonc-parser'
import { isStackOverflow } from './errors.js'

/** jsonc-parser (JSON with comments, positions kept); bundled from its ESM build (esbuild --main-fields=module,main). */
export { jsonc }
export type { JSONPath, Node, ParseError, ParseOptions } from 'jsonc-parser'

/** A JSON (with comments) text read with positions kept. */
export interface ParsedJsonc {
  tree: jsonc.Node | undefined
  /** The plain value (undefined when there is no tree). */
  value: unknown
  /** The syntax errors jsonc-parser recovered from. */
  errors: jsonc.ParseError[]
  /** Set when the text nests deeper than the parser can follow: there is then no tree and no value. */
  tooDeep?: true
}

/**
 * jsonc-parser's parseTree and getNodeValue, for every file opsmith reads with positions. Both recurse once per level
 * of nesting, so a file of 100,000 `[` overflowed the stack and ended `opsmith conform` with an internal error;
 * such a text is reported as tooDeep instead (V8's own JSON.parse does not recurse).
 */
export function parseJsonc(text: string, options: jsonc.ParseOptions): ParsedJsonc {
  const errors: jsonc.ParseError[] = []
  try {
    const tree = jsonc.parseTree(text, errors, options)
    return { tree, value: tree ? jsonc.getNodeValue(tree) : undefined, errors }
  } catch (error) {
    if (isStackOverflow(error)) return { tree: undefined, value: undefined, errors, tooDeep: true }
    throw error
  }
}
