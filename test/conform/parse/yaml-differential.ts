import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import { parseYamlFast } from '../../../src/conform/parse/yaml-fast.js'
import { parseYaml } from '../../../src/conform/parse/yaml.js'

/** What comparing the fast path with `yaml`'s parseDocument found for one text. */
export interface Comparison {
  /** Whether the fast path built the tree (else it left the text to `yaml`). */
  fast: boolean
  /** Nodes compared (0 when it fell back). */
  nodes: number
  /** Differences; empty when the fast path matches `yaml` exactly (or deliberately fell back). */
  differences: string[]
}

/**
 * Parses `text` with the fast path and with `yaml` (as conform used it: uniqueKeys off, toJS with an alias limit)
 * and lists every difference: a fast result for a text `yaml` rejects, the plain value, and for every node its
 * class, range, scalar value, style and format, and the flow flag of collections.
 */
export function compareWithYaml(text: string): Comparison {
  const fast = parseYamlFast(text)
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false })
  let refValue: unknown
  let refError = doc.errors.length > 0
  if (!refError) {
    try {
      refValue = doc.toJS({ maxAliasCount: 100 })
    } catch {
      refError = true
    }
  }
  if (!fast) return { fast: false, nodes: 0, differences: [] }
  if (refError) return { fast: true, nodes: 0, differences: [`fast path accepted a text yaml rejects: ${doc.errors[0]?.message.split('\n')[0] ?? 'toJS failed'}`] }
  const differences: string[] = []
  if (!sameValue(fast.value, refValue)) differences.push(`value differs: ${JSON.stringify(fast.value)?.slice(0, 300)} vs ${JSON.stringify(refValue)?.slice(0, 300)}`)
  const parsed = parseYaml('file.yaml', text)
  if (JSON.stringify(parsed.lineCounter.lineStarts) !== JSON.stringify(lineCounter.lineStarts)) differences.push('line starts differ')
  if (parsed.root !== fast.contents && !sameValue(parsed.value, refValue)) differences.push('parseYaml differs from the fast path')
  let nodes = 0
  const walk = (a: unknown, b: unknown, path: string): void => {
    nodes++
    if (differences.length > 20) return
    const kind = (n: unknown): string => (isMap(n) ? 'map' : isSeq(n) ? 'seq' : isScalar(n) ? 'scalar' : isPair(n) ? 'pair' : n === null ? 'null' : typeof n)
    if (kind(a) !== kind(b) || a?.constructor !== b?.constructor) {
      differences.push(`${path}: ${kind(a)} vs ${kind(b)}`)
      return
    }
    const ra = (a as Node).range
    const rb = (b as Node).range
    if (JSON.stringify(ra) !== JSON.stringify(rb)) differences.push(`${path}: range ${JSON.stringify(ra)} vs ${JSON.stringify(rb)} (${JSON.stringify(text.slice(rb?.[0] ?? 0, rb?.[2] ?? 0)).slice(0, 120)})`)
    if (isScalar(a) && isScalar(b)) {
      if (!Object.is(a.value, b.value) || a.type !== b.type || a.format !== b.format || a.source !== b.source) differences.push(`${path}: scalar ${JSON.stringify([a.value, a.type, a.format, a.source])} vs ${JSON.stringify([b.value, b.type, b.format, b.source])}`)
      if ((a as { minFractionDigits?: number }).minFractionDigits !== (b as { minFractionDigits?: number }).minFractionDigits) differences.push(`${path}: minFractionDigits`)
    } else if ((isMap(a) && isMap(b)) || (isSeq(a) && isSeq(b))) {
      if (Boolean(a.flow) !== Boolean(b.flow)) differences.push(`${path}: flow ${a.flow} vs ${b.flow}`)
      if (a.items.length !== b.items.length) {
        differences.push(`${path}: ${a.items.length} items vs ${b.items.length}`)
        return
      }
      a.items.forEach((item, i) => {
        const other = b.items[i]
        if (isPair(item) && isPair(other)) {
          nodes++
          walk(item.key, other.key, `${path}.${String((other.key as { value?: unknown })?.value)}(key)`)
          walk(item.value, other.value, `${path}.${String((other.key as { value?: unknown })?.value)}`)
        } else walk(item, other, `${path}[${i}]`)
      })
    }
  }
  walk(fast.contents, doc.contents, '$')
  return { fast: true, nodes, differences }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
    const ka = Object.keys(a)
    const kb = Object.keys(b)
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  }
  return false
}
