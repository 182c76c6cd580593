import fsp from 'node:fs/promises'
import path from 'node:path'
import { ToolError } from '../errors.js'
import { cacheDir, cacheKey } from './cache.js'

const EXACT_VERSION = /@\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/

/**
 * Installs an npm package spec into opsmith's cache with the user's npm configuration (registry, auth,
 * scopes come from their .npmrc) and returns the installed package's folder. Exact versions are reused;
 * install scripts never run (a pack is data plus a plopfile).
 */
export async function installFromNpm(spec: string): Promise<string> {
  const { execa } = await import('execa')
  const prefix = cacheDir('npm', cacheKey(spec))
  const cached = EXACT_VERSION.test(spec) ? await installedPackageDir(prefix).catch(() => undefined) : undefined
  if (cached) return cached

  await fsp.rm(prefix, { recursive: true, force: true })
  await fsp.mkdir(prefix, { recursive: true })
  await fsp.writeFile(path.join(prefix, 'package.json'), '{ "private": true }\n')
  const result = await execa('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=dev', '--loglevel=error', spec], {
    cwd: prefix,
    reject: false,
  })
  if (result.failed) {
    const reason: string = result.stderr.split('\n').find((line) => line.startsWith('npm error')) ?? result.shortMessage ?? 'npm install failed'
    throw new ToolError('usage', `Cannot install template pack "${spec}" from npm: ${reason.replace(/^npm error /, '')}`, { cause: result })
  }
  return installedPackageDir(prefix)
}

/** The newest version of a package on the user's registry (`npm view NAME version`). */
export async function latestNpmVersion(name: string): Promise<string> {
  const { execa } = await import('execa')
  const result = await execa('npm', ['view', name, 'version', '--loglevel=error'], { reject: false })
  if (result.failed) throw new ToolError('usage', `Cannot look up ${name} on npm: ${result.stderr.split('\n')[0] ?? result.shortMessage}`, { cause: result })
  return result.stdout.trim()
}

async function installedPackageDir(prefix: string): Promise<string> {
  const manifest = JSON.parse(await fsp.readFile(path.join(prefix, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
  const [name] = Object.keys(manifest.dependencies ?? {})
  if (!name) throw new Error(`nothing installed in ${prefix}`)
  return path.join(prefix, 'node_modules', name)
}
