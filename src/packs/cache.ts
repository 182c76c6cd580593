import { createHash } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'

/** Where installed packs live: $OPSMITH_CACHE_DIR, else $XDG_CACHE_HOME/opsmith, else ~/.cache/opsmith. */
export function cacheDir(...parts: string[]): string {
  const base = process.env.OPSMITH_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'opsmith')
  return path.join(base, ...parts)
}

/** A short, filesystem-safe key for an arbitrary spec. */
export function cacheKey(spec: string): string {
  const readable = spec.replace(/[^a-zA-Z0-9.@-]+/g, '_').slice(0, 60)
  return `${readable}-${createHash('sha256').update(spec).digest('hex').slice(0, 12)}`
}
