import { readdirSync } from 'node:fs'
import { GENERATORS_DIR } from '../paths.js'
import { VERSION } from '../version.js'

/** Template packs this opsmith knows, with the newest version of each (built-in packs ship with the package). */
export function knownTemplates(): Record<string, string> {
  const entries = readdirSync(GENERATORS_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory())
  return Object.fromEntries(entries.map((entry) => [entry.name, VERSION]))
}
