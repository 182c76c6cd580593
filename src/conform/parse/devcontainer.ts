import { positionAt, type Repo } from '../repo.js'
import { jsonc, parseJsonc, type JSONPath, type Node, type ParseError } from '../../jsonc.js'
import { TOO_DEEP } from '../../errors.js'

const { findNodeAtLocation } = jsonc

/** A devcontainer.json (JSON with comments) with its tree, for line numbers. */
export interface ParsedDevcontainer {
  file: string
  text: string
  tree: Node | undefined
  value: Record<string, unknown>
  errors: ParseError[]
}

const DEVCONTAINER_GLOBS = ['.devcontainer/devcontainer.json', '.devcontainer.json', '.devcontainer/*/devcontainer.json']
const cache = new WeakMap<Repo, Promise<ParsedDevcontainer[]>>()

export function readDevcontainers(repo: Repo): Promise<ParsedDevcontainer[]> {
  let parsed = cache.get(repo)
  if (!parsed) {
    parsed = parseAll(repo)
    cache.set(repo, parsed)
  }
  return parsed
}

async function parseAll(repo: Repo): Promise<ParsedDevcontainer[]> {
  const files = [...new Set(DEVCONTAINER_GLOBS.flatMap((glob) => repo.glob(glob)))].sort()
  const parsed: ParsedDevcontainer[] = []
  for (const file of files) {
    const text = await repo.read(file)
    if (text === undefined) continue
    const { tree, value, errors, tooDeep } = parseJsonc(text, { allowTrailingComma: true })
    if (tooDeep) {
      repo.unparsed.set(file, { message: TOO_DEEP })
      continue
    }
    parsed.push({ file, text, tree, errors, value: value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {} })
  }
  return parsed
}

/** Where a finding about `path` points: 1-based line and column (end exclusive) of an object member's key or an array item. */
export interface JsoncLocation {
  line: number
  column?: number
  endLine?: number
  endColumn?: number
  /** Set when the path is absent: the location is the file as a whole (see RuleFinding.wholeFile). */
  wholeFile?: true
}

/** The key at `path` (the item, for an array index); the top of the file when the path is absent. */
export function locationAt(parsed: ParsedDevcontainer, path: JSONPath): JsoncLocation {
  const node = parsed.tree ? findNodeAtLocation(parsed.tree, path) : undefined
  if (!node) return { line: 1, column: 1, wholeFile: true }
  const target = node.parent?.type === 'property' ? (node.parent.children?.[0] ?? node) : node
  const start = positionAt(parsed.text, target.offset)
  const end = positionAt(parsed.text, target.offset + target.length)
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column }
}

/** `runArgs` as strings, joining `--flag value` pairs as `--flag=value` for matching. */
export function runArgsOf(parsed: ParsedDevcontainer): Array<{ arg: string; index: number }> {
  const args = Array.isArray(parsed.value.runArgs) ? parsed.value.runArgs.map(String) : []
  return args.map((arg, index) => {
    const next = args[index + 1]
    return { arg: !arg.includes('=') && arg.startsWith('--') && next !== undefined && !next.startsWith('-') ? `${arg}=${next}` : arg, index }
  })
}
