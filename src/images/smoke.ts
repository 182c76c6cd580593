import type Docker from 'dockerode'
import type { CheckResult } from './checks.js'

const SETTLE_MS = 5_000
const HEALTH_ATTEMPTS = 10

/**
 * Starts the image the way production should run it (read-only root, every capability dropped,
 * no-new-privileges, no network): it must exit 0, or keep running and pass its own HEALTHCHECK.
 */
export async function smokeStart(docker: Docker, image: string, labels: Record<string, string>, healthcheck: string[] | undefined): Promise<CheckResult> {
  const id = 'image-smoke-start'
  const container = await docker.createContainer({
    Image: image,
    Labels: labels,
    HostConfig: { ReadonlyRootfs: true, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'], NetworkMode: 'none', Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=64m' } },
  })
  try {
    await container.start()
    const exit = await Promise.race([container.wait() as Promise<{ StatusCode: number }>, delay(SETTLE_MS).then(() => undefined)])
    if (exit) {
      const passed = exit.StatusCode === 0
      const logs = passed ? '' : ` Output: ${await tailLogs(container)}`
      return { id, severity: 'error', passed, message: passed ? 'Starts read-only with all capabilities dropped and exits 0.' : `Exited ${exit.StatusCode} when started read-only with all capabilities dropped.${logs}` }
    }
    const command = healthCommand(healthcheck)
    if (!command) return { id, severity: 'error', passed: true, message: `Still running after ${SETTLE_MS / 1000} s, read-only with all capabilities dropped.` }
    for (let attempt = 1; attempt <= HEALTH_ATTEMPTS; attempt += 1) {
      if ((await execExitCode(container, command)) === 0) return { id, severity: 'error', passed: true, message: 'Runs read-only with all capabilities dropped and passes its HEALTHCHECK.' }
      await delay(1_000)
    }
    return { id, severity: 'error', passed: false, message: `Running, but its HEALTHCHECK (${command.join(' ')}) never passed. Output: ${await tailLogs(container)}` }
  } finally {
    await container.remove({ force: true })
  }
}

/** A Dockerfile HEALTHCHECK test as exec arguments: ["CMD", ...] or ["CMD-SHELL", "..."]. */
function healthCommand(test: string[] | undefined): string[] | undefined {
  if (!test || test[0] === 'NONE' || test.length < 2) return undefined
  return test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', test.slice(1).join(' ')] : test.slice(1)
}

async function execExitCode(container: Docker.Container, command: string[]): Promise<number> {
  const exec = await container.exec({ Cmd: command, AttachStdout: true, AttachStderr: true })
  const stream = await exec.start({})
  stream.resume()
  await new Promise((resolve) => stream.on('end', resolve))
  return (await exec.inspect()).ExitCode ?? 1
}

async function tailLogs(container: Docker.Container): Promise<string> {
  const raw = (await container.logs({ stdout: true, stderr: true, tail: 20 })) as unknown as Buffer
  return demux(raw).trim().split('\n').slice(-10).join(' | ')
}

/** Strips the 8-byte frame headers of a non-TTY container's log stream. */
function demux(raw: Buffer): string {
  let text = ''
  for (let offset = 0; offset + 8 <= raw.length; ) {
    const size = raw.readUInt32BE(offset + 4)
    text += raw.subarray(offset + 8, offset + 8 + size).toString('utf8')
    offset += 8 + size
  }
  return text
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
