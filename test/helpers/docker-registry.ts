import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './port.js'

/** Debian's docker-registry on loopback (the engine accepts plain HTTP for 127.0.0.0/8). */
export interface LocalImageRegistry {
  /** 127.0.0.1:PORT */
  host: string
  stop: () => Promise<void>
}


export async function startImageRegistry(): Promise<LocalImageRegistry> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'opsmith-image-registry-'))
  const port = await freePort()
  const config = path.join(dir, 'registry.yml')
  await fs.writeFile(config, `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n`)
  const server: ChildProcess = spawn('docker-registry', ['serve', config], { stdio: 'ignore' })
  const stop = async () => {
    server.kill()
    await fs.rm(dir, { recursive: true, force: true })
  }
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const up = await fetch(`http://127.0.0.1:${port}/v2/`).then((response) => response.ok, () => false)
    if (up) return { host: `127.0.0.1:${port}`, stop }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  await stop()
  throw new Error(`docker-registry did not answer on 127.0.0.1:${port}`)
}
