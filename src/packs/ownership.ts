import { globMatcher } from '../glob.js'
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

function matcherOf(patterns: string[]): (file: string) => boolean {
  const matchers = patterns.map(globMatcher)
  return (file) => matchers.some((matches) => matches(file))
}
