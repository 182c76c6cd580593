import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, type Document, type Node, type Pair } from 'yaml'
import type { Repo } from '../repo.js'
import { parseYamlFast } from './yaml-fast.js'
import { isStackOverflow, TOO_DEEP } from '../../errors.js'

/** A YAML file parsed with positions kept, so findings can name lines. */
export interface ParsedYaml {
  file: string
  text: string
  /** The document's root node (null when empty): YAMLMap, YAMLSeq, Scalar and Pair nodes with `yaml`'s ranges. */
  root: Node | null
  /** `yaml`'s Document, parsed on first use when the fast path built `root`. */
  doc: Document
  lineCounter: LineCounter
  /** Plain JS value (undefined when the file does not parse). */
  value: unknown
  /** First parse error, if any. */
  error: string | undefined
  /** 1-based line and column of the first parse error. */
  errorAt?: { line: number; column: number }
}

/** Aliases expanded at most per document (yaml's default, stated): more is a resource exhaustion attack. */
const MAX_ALIAS_COUNT = 100

const cache = new WeakMap<Repo, Map<string, Promise<ParsedYaml | undefined>>>()

/** Parses a YAML file of the repo once per repo view; undefined when the file is missing or unreadable. */
export function readYaml(repo: Repo, file: string): Promise<ParsedYaml | undefined> {
  let files = cache.get(repo)
  if (!files) {
    files = new Map()
    cache.set(repo, files)
  }
  let parsed = files.get(file)
  if (!parsed) {
    parsed = repo.read(file).then((text) => (text === undefined ? undefined : parseYaml(file, text)))
    files.set(file, parsed)
  }
  return parsed
}

/**
 * Parses a YAML file as `yaml`'s parseDocument and toJS do (YAML 1.2 core schema, duplicate keys allowed, the
 * alias limit). Common files take the fast path (yaml-fast.ts: the same nodes and value, several times
 * faster in a short process); anything it does not model, and every error, comes from `yaml` itself.
 */
export function parseYaml(file: string, text: string): ParsedYaml {
  const fast = parseYamlFast(text)
  if (fast) {
    const lineCounter = new LineCounter()
    lineCounter.addNewLine(0)
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) lineCounter.addNewLine(nl + 1)
    let doc: Document | undefined
    const parsed = { file, text, root: fast.contents, lineCounter, value: fast.value, error: undefined }
    return Object.defineProperty(parsed, 'doc', { enumerable: true, get: () => (doc ??= parseDocument(text, { uniqueKeys: false })) }) as ParsedYaml
  }
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false })
  const root = doc.contents
  const first = doc.errors[0]
  const at = first?.linePos?.[0]
  // yaml reports running out of stack in a deeply nested text as an error where it ran out.
  const message = first?.message.startsWith('Maximum call stack size exceeded') ? TOO_DEEP : first?.message.split('\n')[0]
  if (first) return { file, text, root, doc, lineCounter, value: undefined, error: message, ...(at ? { errorAt: { line: at.line, column: at.col } } : {}) }
  try {
    // An alias bomb (billion laughs) stops at the alias limit and is reported as a parse error.
    return { file, text, root, doc, lineCounter, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), error: undefined }
  } catch (error) {
    return { file, text, root, doc, lineCounter, value: undefined, error: isStackOverflow(error) ? TOO_DEEP : (error as Error).message.split('\n')[0] }
  }
}

/** 1-based line where a node (or pair key) starts; 1 when unknown. */
export function lineOfNode(parsed: ParsedYaml, node: Node | Pair | null | undefined): number {
  const target = isPair(node) ? (node.key as Node | null) : node
  const offset = target?.range?.[0]
  return offset === undefined ? 1 : parsed.lineCounter.linePos(offset).line
}

/** Where a node is: 1-based line and column of its start and its end (exclusive), as a finding's region. */
export function rangeOfNode(parsed: ParsedYaml, node: Node): { line: number; column: number; endLine: number; endColumn: number } {
  const [start = 0, end = start] = node.range ?? []
  const from = parsed.lineCounter.linePos(start)
  const to = parsed.lineCounter.linePos(end)
  return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col }
}

/**
 * A parse error's position as a finding can show it: one at the end of input sits after the final newline, on a
 * line the file does not have, so it moves to the end of the last line.
 */
export function errorPositionWithin(text: string, at: { line: number; column: number } | undefined): { line: number; column: number } | undefined {
  if (!at) return undefined
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/)
  if (at.line <= lines.length) return at
  return { line: lines.length, column: (lines.at(-1) ?? '').length + 1 }
}

/** The pair `key: value` of a map node, if present. */
export function pairOf(node: unknown, key: string): Pair<Node, Node> | undefined {
  if (!isMap(node)) return undefined
  return node.items.find((item) => isScalar(item.key) && item.key.value === key) as Pair<Node, Node> | undefined
}

/** Items of a sequence node (empty for anything else). */
export function itemsOf(node: unknown): Node[] {
  return isSeq(node) ? (node.items as Node[]) : []
}

/** Key/value pairs of a map node (empty for anything else). */
export function pairsOf(node: unknown): Array<Pair<Node, Node>> {
  return isMap(node) ? (node.items as Array<Pair<Node, Node>>) : []
}

/** A scalar node's value as a string, else undefined. */
export function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined
}
