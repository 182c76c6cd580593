import fsp from 'node:fs/promises'
import path from 'node:path'
import { ToolError } from '../errors.js'
import { cacheDir, cacheKey } from './cache.js'

const EXACT_VERSION = /@\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/
const PACKAGE_NAME = /^(@[a-z0-9~][a-z0-9-._~]*\/)?[a-z0-9~][a-z0-9-._~]*$/
// A version, range or dist-tag: never `file:`, `git+`, a URL or a path (no `:` and no `/`).
const VERSION_OR_RANGE = /^[A-Za-z0-9.^~<>=|*+ -]+$/
const NPM_TIMEOUT_MS = 300_000

/** A progress line for one npm step (src/progress.ts's startProgress, bound to a command's stderr). */
export type StartStep = (label: string) => { succeed: () => void; fail: () => void }

let startStep: StartStep | undefined

/**
 * Where pack installs and registry look-ups report progress; commands that may install a pack set it to their
 * stderr, so every resolution path (parents, recorded layers, other versions) reports without threading a stream.
 */
export function reportNpmProgress(start: StartStep | undefined): void {
  startStep = start
}

async function withStep<T extends { failed: boolean }>(label: string, work: () => Promise<T>): Promise<T> {
  const step = startStep?.(label)
  try {
    const result = await work()
    if (result.failed) step?.fail()
    else step?.succeed()
    return result
  } catch (error) {
    step?.fail()
    throw error
  }
}

/**
 * Accepts only `name` or `name@version-or-range` from the registry, so a spec from a repository's .opsmith.json
 * can never make npm read a folder, clone a repository, fetch a URL or take a flag.
 */
export function checkRegistrySpec(spec: string): void {
  const at = spec.indexOf('@', 1)
  const name = at === -1 ? spec : spec.slice(0, at)
  const version = at === -1 ? undefined : spec.slice(at + 1)
  if (!PACKAGE_NAME.test(name) || name.length > 214 || (version !== undefined && (!VERSION_OR_RANGE.test(version) || version.trim() === ''))) {
    throw new ToolError('usage', `"${spec}" is not a registry package name with a version (file:, git, URL and path specs are refused).`)
  }
}

/**
 * Installs an npm package spec into opsmith's cache with the user's npm configuration (registry, auth,
 * scopes come from their .npmrc) and returns the installed package's folder. Exact versions are reused;
 * install scripts never run (a pack is data plus a plopfile).
 */
export async function installFromNpm(spec: string): Promise<string> {
  checkRegistrySpec(spec)
  const { execa } = await import('execa')
  const prefix = cacheDir('npm', cacheKey(spec))
  const cached = EXACT_VERSION.test(spec) ? await installedPackageDir(prefix).catch(() => undefined) : undefined
  if (cached) return cached

  await fsp.rm(prefix, { recursive: true, force: true })
  await fsp.mkdir(prefix, { recursive: true })
  await fsp.writeFile(path.join(prefix, 'package.json'), '{ "private": true }\n')
  const result = await withStep(`Installing template pack ${spec} from npm`, () =>
    execa('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=dev', '--loglevel=error', '--', spec], {
      cwd: prefix,
      reject: false,
      timeout: NPM_TIMEOUT_MS,
    }),
  )
  if (result.failed) {
    const reason: string = result.stderr.split('\n').find((line) => line.startsWith('npm error')) ?? result.shortMessage ?? 'npm install failed'
    throw new ToolError('usage', `Cannot install template pack "${spec}" from npm: ${reason.replace(/^npm error /, '')}`, { cause: result })
  }
  return installedPackageDir(prefix)
}

/** The newest version of a package on the user's registry (`npm view NAME version`). */
export async function latestNpmVersion(name: string): Promise<string> {
  checkRegistrySpec(name)
  const { execa } = await import('execa')
  const result = await withStep(`Looking up the newest version of ${name} on npm`, () =>
    execa('npm', ['view', '--loglevel=error', '--', name, 'version'], { reject: false, timeout: NPM_TIMEOUT_MS }),
  )
  if (result.failed) throw new ToolError('usage', `Cannot look up ${name} on npm: ${result.stderr.split('\n')[0] ?? result.shortMessage}`, { cause: result })
  return result.stdout.trim()
}

async function installedPackageDir(prefix: string): Promise<string> {
  const manifest = JSON.parse(await fsp.readFile(path.join(prefix, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
  const [name] = Object.keys(manifest.dependencies ?? {})
  if (!name) throw new Error(`nothing installed in ${prefix}`)
  return path.join(prefix, 'node_modules', name)
}
