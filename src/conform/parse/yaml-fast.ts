import { FAILSAFE_SCHEMA, load, type LoaderState } from 'js-yaml'
import { Document, isScalar, Pair, Scalar, YAMLMap, YAMLSeq, type Node, type Schema, type ScalarTag } from 'yaml'

/**
 * A fast path for the YAML conform reads: js-yaml (FAILSAFE schema, every scalar a string) parses the text and
 * reports every node through its listener; from those events this builds the tree that `yaml`'s
 * `parseDocument` would give (its YAMLMap, YAMLSeq, Scalar and Pair classes, the same three-offset ranges, the
 * YAML 1.2 core schema resolved by `yaml`'s own tags) and the plain value `toJS` would give. It models the
 * common shapes only: block and single-line flow collections of plain, quoted and block scalars, comments and
 * blank lines, one leading `---`. Anything else (anchors, aliases, tags, explicit keys, merge keys, several
 * documents, multi-line flow collections or scalars, tabs, CR, control characters, a js-yaml error) returns
 * undefined, and the caller parses with `yaml` itself, so errors are always `yaml`'s.
 */

export interface FastYaml {
  contents: Node
  value: unknown
}

class Unsupported extends Error {}
const unsupported = (): never => {
  throw new Unsupported()
}

// Rejected before parsing: tabs, CR, control characters, BOM and noncharacters; directives and document markers
// other than one leading `---` (anchors, aliases, tags and explicit keys are turned away while building).
const REJECT_CHARS = /[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]/
const REJECT_BODY = /(?:^|\n)(?:---|\.\.\.)(?:[ \n]|$)|(?:^|\n)%/
const LEADING_MARKER = /^(?: *(?:#[^\n]*)?\n)*---(?: +#[^\n]*| *)(?:\n|$)/

interface Frame {
  open: number
  kids: Built[]
}

/** What a node reads as, before ranges (which need the whole tree) are set. */
type Built = Leaf | Coll | Empty
interface Empty {
  t: 'empty'
  open: number
}
interface Leaf {
  t: 'leaf'
  /** plain, quoted (single or double) or block scalar; a flow collection is a Coll with flow set. */
  style: 'plain' | 'single' | 'double' | 'block'
  start: number
  valueEnd: number
  raw: string
  node?: Scalar
}
interface Coll {
  t: 'coll'
  kind: 'map' | 'seq'
  flow: boolean
  start: number
  /** Flow: offset after the closing bracket. */
  close: number
  indent: number
  /** Map: key, value, key, value...; seq: items. */
  kids: Built[]
  node?: YAMLMap | YAMLSeq
}

let schemaCache: Schema | undefined
function coreSchema(): Schema {
  schemaCache ??= new Document(null, { uniqueKeys: false }).schema
  return schemaCache
}

export function parseYamlFast(text: string): FastYaml | undefined {
  if (REJECT_CHARS.test(text)) return undefined
  const docStart = LEADING_MARKER.exec(text)?.[0].length ?? 0
  if (REJECT_BODY.test(docStart ? text.slice(docStart) : text)) return undefined
  const stack: Frame[] = [{ open: 0, kids: [] }]
  try {
    load(text, {
      schema: FAILSAFE_SCHEMA,
      listener(event, state) {
        if (event === 'open') stack.push({ open: state.position, kids: [] })
        else {
          const frame = stack.pop() as Frame
          ;(stack[stack.length - 1] as Frame).kids.push(built(text, frame, state))
        }
      },
    })
  } catch {
    return undefined
  }
  try {
    const top = stack[0] as Frame
    if (top.kids.length !== 1) return undefined
    const root = top.kids[0] as Built
    if (root.t !== 'coll' || root.flow || root.start < docStart) return undefined
    const builder = new TreeBuilder(text)
    const contents = builder.build(root, -1)
    builder.place(root)
    return { contents, value: toJs(contents) }
  } catch (error) {
    if (error instanceof Unsupported) return undefined
    throw error
  }
}

/** Offset of the next token after spaces, newlines and comments. */
function skipSeparation(text: string, position: number): number {
  let at = position
  for (;;) {
    const ch = text.charCodeAt(at)
    if (ch === 32 || ch === 10) at++
    else if (ch === 35) {
      const nl = text.indexOf('\n', at)
      at = nl === -1 ? text.length : nl
    } else return at
  }
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1)
}

function built(text: string, frame: Frame, state: LoaderState): Built {
  if (state.anchor !== null) unsupported()
  const { kind, tag } = state
  const kids = frame.kids
  if (kind === null) {
    if (kids.length !== 0 || tag !== null) unsupported()
    return { t: 'empty', open: frame.open }
  }
  if (kind === 'scalar') {
    if (kids.length === 1) return kids[0] as Built
    if (kids.length > 1) unsupported()
    if (typeof state.result !== 'string') unsupported()
    const raw = state.result as string
    const start = skipSeparation(text, frame.open)
    const ch = text[start]
    if (ch === '"' || ch === "'") {
      if (tag !== null || text[state.position - 1] !== ch) unsupported()
      const source = text.slice(start, state.position)
      if (source.includes('\n') || (ch === '"' && /\\[^\\"nt/]/.test(source))) unsupported()
      return { t: 'leaf', style: ch === '"' ? 'double' : 'single', start, valueEnd: state.position, raw }
    }
    if (ch === '|' || ch === '>') {
      if (tag !== null) unsupported()
      return { t: 'leaf', style: 'block', start, valueEnd: state.position, raw }
    }
    if (tag !== '?' || ch === undefined || '&*!%@`#,[]{}'.includes(ch)) unsupported()
    let end = state.position
    while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\n')) end--
    if (text.slice(start, end) !== raw) unsupported()
    return { t: 'leaf', style: 'plain', start, valueEnd: end, raw }
  }
  if (tag !== null) unsupported()
  const start = skipSeparation(text, frame.open)
  const ch = text[start]
  const flow = ch === (kind === 'mapping' ? '{' : '[')
  if (!flow && (ch === '{' || ch === '[')) unsupported()
  const close = state.position
  if (flow) {
    if (text.slice(start, close).includes('\n') || text[close - 1] !== (ch === '{' ? '}' : ']')) unsupported()
    for (const kid of kids) if (kid.t !== 'leaf' || kid.style === 'block') unsupported()
  }
  if (kind === 'mapping') {
    let pairs = kids
    if (!flow && pairs.length % 2 === 1) {
      if ((pairs[pairs.length - 1] as Built).t !== 'empty') unsupported()
      pairs = pairs.slice(0, -1)
    }
    if (pairs.length % 2 === 1 || pairs.length / 2 !== Object.keys(state.result as object).length) unsupported()
    const first = pairs[0]
    const mapStart = first === undefined ? start : first.t === 'leaf' ? first.start : unsupported()
    if (!flow && mapStart !== start) unsupported()
    return { t: 'coll', kind: 'map', flow, start: flow ? start : mapStart, close, indent: columnOf(text, mapStart), kids: pairs }
  }
  if (!flow && !(ch === '-' && (text[start + 1] === ' ' || text[start + 1] === '\n'))) unsupported()
  if (kids.length !== (state.result as unknown[]).length) unsupported()
  return { t: 'coll', kind: 'seq', flow, start, close, indent: columnOf(text, start), kids }
}

interface Token {
  type: 'space' | 'comment' | 'newline'
  start: number
  end: number
  indent: number
}

/** A value whose range ends past its own text: what follows it on its line, and comments the parser gives it. */
interface Tail {
  node: Node
  /** Whether the node carries end tokens (flow scalars and flow collections do, block scalars do not). */
  hasEnd: boolean
  /** For an empty map value: the offset after `:` and its spaces; its range ends where its separator ends. */
  empty: boolean
}

class TreeBuilder {
  private readonly schema = coreSchema()
  /** Each block collection's trailing comment-only item, and its range end from one. */
  private readonly commentEnd = new Map<Coll, number>()

  constructor(private readonly text: string) {}

  /** Builds the yaml node of `item`; `parentIndent` is the indent of the block collection holding it. */
  build(item: Built, parentIndent: number, atKey = false, seqItem = false): Node {
    if (item.t === 'leaf') return this.scalar(item, parentIndent, atKey, seqItem)
    if (item.t === 'empty') return unsupported()
    if (item.kind === 'map') {
      const map = new YAMLMap(this.schema)
      if (item.flow) map.flow = true
      for (let i = 0; i < item.kids.length; i += 2) {
        const key = item.kids[i] as Built
        if (key.t !== 'leaf' || key.style === 'block') unsupported()
        const keyLeaf = key as Leaf
        if (this.text[keyLeaf.valueEnd] !== ':' || keyLeaf.valueEnd - keyLeaf.start > 1000 || keyLeaf.raw === '<<' || keyLeaf.raw === '__proto__') unsupported()
        if (!item.flow && !/^ *(?:- +)*$/.test(this.text.slice(keyLeaf.start - columnOf(this.text, keyLeaf.start), keyLeaf.start))) unsupported()
        const keyNode = this.build(keyLeaf, item.indent, true) as Scalar
        keyNode.range = [keyLeaf.start, keyLeaf.valueEnd, keyLeaf.valueEnd]
        const value = item.kids[i + 1] as Built
        let valueNode: Node
        if (value.t === 'empty') {
          if (item.flow) unsupported()
          valueNode = this.emptyScalar(keyLeaf.valueEnd + 1)
        } else valueNode = this.build(value, item.indent)
        map.items.push(new Pair(keyNode, valueNode))
      }
      item.node = map
      return map
    }
    const seq = new YAMLSeq(this.schema)
    if (item.flow) seq.flow = true
    for (const kid of item.kids) {
      if (kid.t === 'empty') unsupported()
      seq.items.push(this.build(kid, item.indent, false, true))
    }
    item.node = seq
    return seq
  }

  private scalar(leaf: Leaf, parentIndent: number, atKey: boolean, seqItem: boolean): Scalar {
    let node: Scalar
    if (leaf.style === 'plain') {
      const tag = (this.schema.tags.find((tag) => (tag.default === true || (atKey && tag.default === 'key')) && tag.test?.test(leaf.raw)) ?? this.stringTag()) as ScalarTag
      const resolved = tag.resolve(leaf.raw, unsupported, { intAsBigInt: false } as never) as unknown
      node = isScalar(resolved) ? resolved : new Scalar(resolved)
      node.type = Scalar.PLAIN
      if (tag.format) node.format = tag.format
    } else {
      node = new Scalar(leaf.raw)
      node.type = leaf.style === 'single' ? Scalar.QUOTE_SINGLE : leaf.style === 'double' ? Scalar.QUOTE_DOUBLE : this.text[leaf.start] === '|' ? Scalar.BLOCK_LITERAL : Scalar.BLOCK_FOLDED
    }
    node.source = leaf.raw
    if (leaf.style === 'block') {
      const end = this.blockScalarEnd(leaf, parentIndent, seqItem)
      leaf.valueEnd = end
      node.range = [leaf.start, end, end]
    } else node.range = [leaf.start, leaf.valueEnd, leaf.valueEnd]
    leaf.node = node
    return node
  }

  private stringTag(): Schema['tags'][number] {
    return this.schema.tags.find((tag) => tag.tag === 'tag:yaml.org,2002:str') ?? unsupported()
  }

  private emptyScalar(afterColon: number): Scalar {
    let p = afterColon
    while (this.text[p] === ' ') p++
    const node = new Scalar(null)
    node.type = Scalar.PLAIN
    node.source = ''
    node.range = [p, p, p]
    return node
  }

  /** Where `yaml`'s lexer ends a block scalar (its trailing blank lines belong to it only when kept, `|+`). */
  private blockScalarEnd(leaf: Leaf, parentIndent: number, seqItem: boolean): number {
    const text = this.text
    const header = /^[|>]([+-]?)( +#[^\n]*| *)\n/.exec(text.slice(leaf.start, leaf.start + 200))
    if (!header) return unsupported()
    const keep = header[1] === '+'
    const bodyStart = leaf.start + header[0].length
    let lineStart = bodyStart
    let contentIndent = -1
    let lastNl = lineStart - 1
    const blankRuns: number[] = []
    for (;;) {
      if (lineStart >= text.length) break
      let nl = text.indexOf('\n', lineStart)
      if (nl === -1) nl = text.length
      let indent = 0
      while (text[lineStart + indent] === ' ') indent++
      const blank = lineStart + indent === nl
      if (blank) {
        if (contentIndent === -1) blankRuns.push(indent)
      } else if (contentIndent === -1) {
        if (indent <= parentIndent + (seqItem ? 1 : 0) || blankRuns.some((spaces) => spaces > indent)) unsupported()
        contentIndent = indent
      } else if (indent < contentIndent) break
      lastNl = nl
      lineStart = nl + 1
    }
    if (contentIndent === -1) unsupported()
    if (lastNl >= text.length) return text.length
    if (!keep) {
      // Drop trailing lines that hold fewer spaces than the content indent.
      for (;;) {
        const prevNl = text.lastIndexOf('\n', lastNl - 1)
        const line = text.slice(prevNl + 1, lastNl)
        if (prevNl >= bodyStart && /^ *$/.test(line) && line.length <= contentIndent) lastNl = prevNl
        else break
      }
    }
    return lastNl + 1
  }

  /**
   * Sets the range ends the way `yaml`'s parser places the spaces, comments and newlines after each value:
   * on the value's own line they end the value; comment lines after it go to the innermost open collection
   * (or, more indented than it, to the value), and move out to the parent on each dedent unless a comment is
   * at least as indented as the collection; after an empty value they all belong to the value.
   */
  place(root: Coll): void {
    const leaves: Array<{ leaf: Built; chain: Coll[]; afterColon?: number; node: Node }> = []
    const walk = (coll: Coll, chain: Coll[]): void => {
      const inner = [...chain, coll]
      if (coll.kind === 'map') {
        const pairs = (coll.node as YAMLMap).items
        coll.kids.forEach((kid, i) => {
          if (i % 2 === 0) return
          const pair = pairs[(i - 1) / 2] as Pair<Node, Node>
          if (kid.t === 'coll' && !kid.flow) walk(kid, inner)
          else leaves.push({ leaf: kid, chain: inner, node: pair.value as Node, afterColon: (pair.key as Node).range?.[1] })
        })
      } else {
        coll.kids.forEach((kid, i) => {
          const node = (coll.node as YAMLSeq).items[i] as Node
          if (kid.t === 'coll' && !kid.flow) walk(kid, inner)
          else leaves.push({ leaf: kid, chain: inner, node })
        })
      }
    }
    walk(root, [])
    for (const { leaf, chain, node } of leaves) {
      if (leaf.t === 'coll') this.flowRanges(leaf)
      const tail: Tail = { node, hasEnd: leaf.t === 'coll' || (leaf.t === 'leaf' && leaf.style !== 'block'), empty: leaf.t === 'empty' }
      const gapStart = tail.empty ? (node.range as [number, number, number])[0] : tail.hasEnd ? this.lineEnd(node) : (node.range as [number, number, number])[2]
      this.gap(tail, chain, gapStart)
    }
    this.finish(root)
  }

  private flowRanges(coll: Coll): void {
    const text = this.text
    const items = coll.kind === 'map' ? (coll.node as YAMLMap).items.flatMap((pair) => [pair.key as Node, pair.value as Node]) : ((coll.node as YAMLSeq).items as Node[])
    items.forEach((node, i) => {
      const range = node.range as [number, number, number]
      if (coll.kind === 'map' && i % 2 === 0) return
      let end = range[1]
      while (text[end] === ' ') end++
      if (!',]}'.includes(text[end] ?? '')) unsupported()
      range[2] = end
    })
    coll.node!.range = [coll.start, coll.close, coll.close]
  }

  /** End of a flow value's line: trailing spaces, a comment after a space, and the newline. */
  private lineEnd(node: Node): number {
    const text = this.text
    const range = node.range as [number, number, number]
    let at = range[1]
    while (text[at] === ' ') at++
    if (text[at] === '#') {
      if (at === range[1]) unsupported()
      const nl = text.indexOf('\n', at)
      at = nl === -1 ? text.length : nl
    }
    if (at < text.length) {
      if (text[at] !== '\n') unsupported()
      at++
    }
    range[2] = at
    return at
  }

  private gap(tail: Tail, chain: Coll[], from: number): void {
    const text = this.text
    const tokens: Token[] = []
    let at = from
    let indent = 0
    let lineStart = true
    // The key's line for an empty value: its comment has the key line's indent.
    if (tail.empty) {
      lineStart = false
      indent = (chain[chain.length - 1] as Coll).indent
    }
    let next = text.length
    while (at < text.length) {
      const ch = text[at]
      if (ch === '\n') {
        tokens.push({ type: 'newline', start: at, end: at + 1, indent })
        at++
        indent = 0
        lineStart = true
      } else if (ch === ' ') {
        let end = at
        while (text[end] === ' ') end++
        if (lineStart) indent = end - at
        tokens.push({ type: 'space', start: at, end, indent })
        at = end
      } else if (ch === '#') {
        const nl = text.indexOf('\n', at)
        const end = nl === -1 ? text.length : nl
        tokens.push({ type: 'comment', start: at, end, indent })
        at = end
        lineStart = false
      } else {
        next = at
        break
      }
    }
    const atEof = next === text.length
    const column = atEof ? -1 : columnOf(text, next)
    const dash = !atEof && text[next] === '-' && (text[next + 1] === ' ' || text[next + 1] === '\n' || next + 1 === text.length)
    const range = tail.node.range as [number, number, number]
    const top = chain[chain.length - 1] as Coll
    if (tail.empty) {
      let sep = tokens
      if (!atEof && column === top.indent && top.kind === 'map') {
        if (dash) unsupported()
        const nl: number[] = []
        tokens.forEach((token, i) => {
          if (token.type === 'newline') nl.push(i)
          else if (token.type === 'comment' && token.indent > top.indent) nl.length = 0
        })
        if (nl.length >= 2) sep = tokens.slice(0, nl[1])
      }
      if (sep.some((token) => token.type === 'comment')) range[2] = (sep[sep.length - 1] as Token).end
      this.pop(chain, column, dash, atEof, undefined)
      return
    }
    let trailing: Token[] | undefined
    let lastIsComment = false
    for (const token of tokens) {
      if (token.type === 'newline') {
        if (trailing) trailing.push(token)
        else if (tail.hasEnd && lastIsComment) {
          range[2] = token.end
          lastIsComment = false
        } else trailing = [token]
      } else if (!trailing) trailing = [token]
      else if (tail.hasEnd && token.type === 'comment' && token.indent > top.indent && trailing.every((t) => t.type !== 'comment')) {
        range[2] = token.end
        lastIsComment = true
        trailing = undefined
      } else trailing.push(token)
    }
    this.pop(chain, column, dash, atEof, trailing)
  }

  /** Pops the collections the next token (at `column`, or the end of input) closes, moving a trailing comment item out. */
  private pop(chain: Coll[], column: number, dash: boolean, atEof: boolean, trailing: Token[] | undefined): void {
    let moving = trailing
    for (let i = chain.length - 1; i >= 0; i--) {
      const coll = chain[i] as Coll
      const closes = atEof || column < coll.indent || (coll.kind === 'seq' && column === coll.indent && !dash)
      if (!closes) {
        if (column > coll.indent || (coll.kind === 'map' && dash)) unsupported()
        return
      }
      if (moving && moving.length > 0) {
        if (coll.indent === 0 || moving.every((token) => token.type !== 'comment' || token.indent < coll.indent)) continue
        this.commentEnd.set(coll, (moving[moving.length - 1] as Token).end)
        moving = undefined
      }
    }
  }

  private finish(coll: Coll): [number, number, number] {
    let last: number | undefined
    const values = coll.kind === 'map' ? (coll.node as YAMLMap).items.map((pair) => pair.value as Node) : ((coll.node as YAMLSeq).items as Node[])
    coll.kids.forEach((kid, i) => {
      if (coll.kind === 'map' && i % 2 === 0) return
      const node = values[coll.kind === 'map' ? (i - 1) / 2 : i] as Node
      const range = kid.t === 'coll' && !kid.flow ? this.finish(kid) : (node.range as [number, number, number])
      last = range[2]
    })
    if (last === undefined) return unsupported()
    const range: [number, number, number] = [coll.start, last, this.commentEnd.get(coll) ?? last]
    coll.node!.range = range
    return range
  }
}

/** The plain value, as `yaml`'s toJS gives it for these nodes. */
function toJs(node: Node | null): unknown {
  if (node instanceof Scalar) return node.value
  if (node instanceof YAMLSeq) return node.items.map((item) => toJs(item as Node))
  if (node instanceof YAMLMap) {
    const object: Record<string, unknown> = {}
    for (const pair of node.items) {
      const key = (pair.key as Scalar).value
      object[key === null ? '' : String(key)] = toJs(pair.value as Node)
    }
    return object
  }
  return unsupported()
}
