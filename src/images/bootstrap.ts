import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { ToolError } from '../errors.js'
import { VERSION } from '../version.js'
import { OPSMITH_LABEL, connectEngine } from './docker.js'
import { followProgress } from './progress.js'

/** Options of `bootstrapBase`: which Debian suite, from which mirror, under which tag. */
export interface BootstrapOptions {
  suite?: string
  mirror?: string
  tag?: string
  /** Extra labels, e.g. a test run's id. */
  labels?: Record<string, string>
}

export interface BootstrapResult {
  tag: string
  id: string
  sizeBytes: number
  /** `name version` of every installed package, as dpkg recorded them. */
  packages: string[]
}

export const DEFAULT_SUITE = 'bookworm'
export const DEFAULT_MIRROR = 'http://deb.debian.org/debian'

/**
 * Builds a minimal Debian root filesystem with debootstrap (no registry needed: the air-gapped
 * path) and imports it through the Engine API as an image with no parent.
 */
export async function bootstrapBase(options: BootstrapOptions = {}): Promise<BootstrapResult> {
  const suite = options.suite ?? DEFAULT_SUITE
  const mirror = options.mirror ?? DEFAULT_MIRROR
  const tag = options.tag ?? `opsmith/debian:${suite}`
  const docker = await connectEngine()
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'opsmith-bootstrap-'))
  const rootfs = path.join(workDir, 'rootfs')
  try {
    await runDebootstrap(suite, rootfs, mirror)
    // Package caches and lists are stale the moment the image exists; every build runs apt-get update.
    await emptyDir(path.join(rootfs, 'var/cache/apt/archives'), ['.deb'])
    await emptyDir(path.join(rootfs, 'var/lib/apt/lists'), [''])
    const packages = parseDpkgStatus(await fs.readFile(path.join(rootfs, 'var/lib/dpkg/status'), 'utf8'))
    const labels = {
      [OPSMITH_LABEL]: `opsmith ${VERSION}`,
      'dev.opsmith.bootstrap.suite': suite,
      'dev.opsmith.bootstrap.mirror': mirror,
      'dev.opsmith.bootstrap.packages': String(packages.length),
      ...options.labels,
    }
    const archive = execa('tar', ['-C', rootfs, '--numeric-owner', '--exclude=./dev/*', '--exclude=./proc/*', '--exclude=./sys/*', '-c', '.'], {
      encoding: 'buffer',
      buffer: false,
    })
    const [repo, imageTag] = splitTag(tag)
    const changes = ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'CMD ["bash"]', ...Object.entries(labels).map(([key, value]) => `LABEL ${key}=${JSON.stringify(value)}`)]
    const stream = (await docker.importImage(archive.stdout as never, { repo, tag: imageTag, changes } as never)) as unknown as AsyncIterable<unknown>
    await Promise.all([followProgress(stream, { action: `import of ${tag}` }), archive])
    const info = await docker.getImage(tag).inspect()
    return { tag, id: info.Id, sizeBytes: info.Size, packages }
  } finally {
    await fs.rm(workDir, { recursive: true, force: true })
  }
}

async function runDebootstrap(suite: string, rootfs: string, mirror: string): Promise<void> {
  try {
    await execa('debootstrap', ['--variant=minbase', suite, rootfs, mirror])
  } catch (error) {
    const reason = (error as { shortMessage?: string }).shortMessage ?? String(error)
    const output = String((error as { stderr?: unknown }).stderr ?? '').split('\n').slice(-20)
    throw new ToolError('failed', `debootstrap of ${suite} from ${mirror} failed (it needs root and the debootstrap package): ${reason}`, {
      cause: error,
      details: output,
    })
  }
}

async function emptyDir(dir: string, suffixes: string[]): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.isFile() && suffixes.some((suffix) => entry.name.endsWith(suffix)) && entry.name !== 'lock') {
      await fs.rm(path.join(dir, entry.name))
    }
  }
}

/** `name version` for every package dpkg's status file marks installed. */
export function parseDpkgStatus(status: string): string[] {
  return status
    .split(/\n\n+/)
    .filter((record) => /^Status: install ok installed$/m.test(record))
    .map((record) => `${/^Package: (.+)$/m.exec(record)?.[1] ?? '?'} ${/^Version: (.+)$/m.exec(record)?.[1] ?? '?'}`)
    .sort()
}

function splitTag(reference: string): [string, string] {
  const colon = reference.lastIndexOf(':')
  return colon > reference.lastIndexOf('/') ? [reference.slice(0, colon), reference.slice(colon + 1)] : [reference, 'latest']
}
