import picomatch from 'picomatch'
import type { Ownership, PackManifest } from './manifest.js'

/**
 * Returns a function giving each repo-relative path its ownership mode (default: merged). In a layered pack the
 * nearest layer that names the path decides (child before parent).
 */
export function createOwnershipResolver(manifest: PackManifest): (file: string) => Ownership {
  const order: Ownership[] = ['managed', 'seeded', 'merged']
  const layers = (manifest.ownershipLayers ?? [manifest.files]).map((files) => order.map((mode) => [mode, picomatch(files[mode] ?? [], { dot: true })] as const))
  return (file) => {
    for (const matchers of layers) {
      const mode = matchers.find(([, matches]) => matches(file))?.[0]
      if (mode) return mode
    }
    return 'merged'
  }
}
