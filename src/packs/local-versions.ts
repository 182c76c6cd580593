import fsp from 'node:fs/promises'
import path from 'node:path'
import { cacheDir, cacheKey } from './cache.js'

/**
 * Extracts a local pack as it was at git tag `v<version>` (or `<version>`) into the cache, the way copier
 * reads template versions from tags. Undefined when the folder is not in git or has no such tag.
 */
export async function checkoutLocalVersion(packDir: string, version: string): Promise<string | undefined> {
  const { execa } = await import('execa')
  const top = await execa('git', ['rev-parse', '--show-toplevel'], { cwd: packDir, reject: false })
  if (top.failed) return undefined
  const root = top.stdout.trim()
  const sub = path.relative(root, packDir)
  for (const tag of [`v${version}`, version]) {
    const commit = await execa('git', ['rev-parse', '--verify', '--quiet', `${tag}^{commit}`], { cwd: root, reject: false })
    if (commit.failed) continue
    const target = cacheDir('local', cacheKey(`${packDir}@${commit.stdout.trim()}`))
    const ready = await fsp.stat(path.join(target, sub, 'opsmith-pack.json')).then(() => true, () => false)
    if (!ready) {
      await fsp.rm(target, { recursive: true, force: true })
      await fsp.mkdir(target, { recursive: true })
      const archive = await execa('git', ['archive', '--format=tar', commit.stdout.trim(), '--', sub || '.'], { cwd: root, encoding: 'buffer' })
      await execa('tar', ['-x', '-C', target], { input: archive.stdout })
    }
    return path.join(target, sub)
  }
  return undefined
}
