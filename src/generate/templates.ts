import fs from 'node:fs'
import path from 'node:path'
import { UsageError } from '../errors.js'
import { GENERATORS_DIR } from '../paths.js'
import { VERSION } from '../version.js'

/** A template pack: a plopfile that registers generators (`project`, `model`, ...) over handlebars templates. */
export interface TemplatePack {
  id: string
  version: string
  description: string
  /** Absolute path of the pack's plopfile. */
  plopfile: string
}

/** Built-in packs ship with opsmith; their version is opsmith's version. */
const BUILT_IN_TEMPLATES: Record<string, { description: string }> = {
  'python-ml': { description: 'Python ML project: training, evaluation, drift monitoring, hardened image, CI' },
}

export const DEFAULT_TEMPLATE = 'python-ml'

/** Resolves a `--template` value (a built-in id or a local folder) to a pack; unknown ids are a usage error. */
export function resolveTemplate(id: string = DEFAULT_TEMPLATE, cwd = process.cwd()): TemplatePack {
  if (id.startsWith('.') || path.isAbsolute(id)) return resolveLocalTemplate(path.resolve(cwd, id))
  const builtIn = BUILT_IN_TEMPLATES[id]
  if (!builtIn) {
    throw new UsageError(`Unknown template "${id}". Built-in templates: ${Object.keys(BUILT_IN_TEMPLATES).join(', ')}.`)
  }
  return { id, version: VERSION, description: builtIn.description, plopfile: path.join(GENERATORS_DIR, id, 'plopfile.js') }
}

/** Ids of the built-in packs, for help texts and conform's "template is known" check. */
export function listBuiltInTemplates(): string[] {
  return Object.keys(BUILT_IN_TEMPLATES)
}

/** A local pack: a folder with a plopfile.js and, optionally, a package.json giving its name and version. */
function resolveLocalTemplate(dir: string): TemplatePack {
  const plopfile = path.join(dir, 'plopfile.js')
  if (!fs.existsSync(plopfile)) throw new UsageError(`Template folder ${dir} has no plopfile.js.`)
  const manifestFile = path.join(dir, 'package.json')
  const manifest = fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { name?: string; version?: string; description?: string }) : {}
  return { id: manifest.name ?? path.basename(dir), version: manifest.version ?? '0.0.0', description: manifest.description ?? '', plopfile }
}
