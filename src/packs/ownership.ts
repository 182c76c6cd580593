import picomatch from 'picomatch'
import type { Ownership, PackManifest } from './manifest.js'

/** Returns a function giving each repo-relative path its ownership mode (default: merged). */
export function createOwnershipResolver(manifest: PackManifest): (file: string) => Ownership {
  const order: Ownership[] = ['managed', 'seeded', 'merged']
  const matchers = order.map((mode) => [mode, picomatch(manifest.files[mode] ?? [], { dot: true })] as const)
  return (file) => matchers.find(([, matches]) => matches(file))?.[0] ?? 'merged'
}
