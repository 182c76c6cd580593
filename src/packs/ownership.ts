import picomatch from 'picomatch'
import { isLiteralPath } from '../glob.js'
import type { Ownership, PackManifest } from './manifest.js'

/**
 * Returns a function giving each repo-relative path its ownership mode (default: merged). In a layered pack the
 * nearest layer that names the path decides (child before parent).
 */
export function createOwnershipResolver(manifest: PackManifest): (file: string) => Ownership {
  const order: Ownership[] = ['managed', 'seeded', 'merged']
  const layers = (manifest.ownershipLayers ?? [manifest.files]).map((files) => order.map((mode) => [mode, matcherOf(files[mode] ?? [])] as const))
  return (file) => {
    for (const matchers of layers) {
      const mode = matchers.find(([, matches]) => matches(file))?.[0]
      if (mode) return mode
    }
    return 'merged'
  }
}

// Most entries of a manifest name one file (`pyproject.toml`): those are looked up in a set, and only the globs
// are compiled (picomatch's compile is most of the cost of resolving ownership in `opsmith conform`).
function matcherOf(patterns: string[]): (file: string) => boolean {
  const literal = new Set<string>()
  const globs: string[] = []
  for (const pattern of patterns) {
    if (isLiteralPath(pattern)) literal.add(pattern)
    else globs.push(pattern)
  }
  const matchers = globs.map(compiled)
  return (file) => literal.has(file) || matchers.some((matches) => matches(file))
}

// Layers repeat each other's globs (`src/**` in a pack and in the pack it extends): each is compiled once.
const COMPILED = new Map<string, (file: string) => boolean>()
function compiled(glob: string): (file: string) => boolean {
  let matcher = COMPILED.get(glob)
  if (!matcher) {
    matcher = picomatch(glob, { dot: true })
    COMPILED.set(glob, matcher)
  }
  return matcher
}
