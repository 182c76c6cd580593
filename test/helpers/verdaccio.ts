import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { execa, type ResultPromise } from 'execa'
import { freePort } from './port.js'

const VERDACCIO = path.resolve(import.meta.dirname, '../../node_modules/.bin/verdaccio')

/** A private npm registry on loopback (verdaccio), as a working group would run one. */
export interface LocalRegistry {
  url: string
  /** Environment for npm and opsmith child processes: this registry, a throwaway cache and npmrc. */
  env: Record<string, string>
  stop: () => Promise<void>
}


/**
 * Starts verdaccio on 127.0.0.1. `localOnly` packages are served only from this registry (never merged with
 * the public one); every other package is proxied from the npm registry this machine is configured with.
 */
export async function startRegistry(localOnly: string[]): Promise<LocalRegistry> {
  // Not testdir(): benchmarks start registries outside vitest too; stop() removes the folder.
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'opsmith-registry-'))
  const port = await freePort()
  const upstream = (await execa('npm', ['config', 'get', 'registry'])).stdout.trim()
  const local = localOnly.map((name) => `  '${name}':\n    access: $all\n    publish: $all\n`).join('')
  await fsp.writeFile(
    path.join(dir, 'config.yaml'),
    `storage: ${path.join(dir, 'storage')}\nauth:\n  htpasswd:\n    file: ${path.join(dir, 'htpasswd')}\n    max_users: -1\n` +
      `uplinks:\n  upstream:\n    url: ${upstream}\n    timeout: 60s\npackages:\n${local}  '**':\n    access: $all\n    publish: $all\n    proxy: upstream\n` +
      `log: { type: stdout, format: pretty, level: warn }\n`,
  )
  const url = `http://127.0.0.1:${port}/`
  const npmrc = path.join(dir, 'npmrc')
  // Anonymous publishing is allowed above; npm still wants a token to send.
  await fsp.writeFile(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=opsmith-test\n`)
  const server: ResultPromise = execa(VERDACCIO, ['--config', path.join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], { reject: false })
  for (let attempt = 0; ; attempt++) {
    const ready = await fetch(`${url}-/ping`).then((response) => response.ok, () => false)
    if (ready) break
    if (attempt > 100) {
      server.kill()
      throw new Error(`verdaccio did not start on ${url}: ${(await server).all ?? ''}`)
    }
    await sleep(100)
  }
  return {
    url,
    env: { npm_config_registry: url, npm_config_userconfig: npmrc, npm_config_cache: path.join(dir, 'npm-cache'), npm_config_update_notifier: 'false' },
    stop: async () => {
      server.kill('SIGTERM')
      await server
      await fsp.rm(dir, { recursive: true, force: true })
    },
  }
}
