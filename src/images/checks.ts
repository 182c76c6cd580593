import path from 'node:path'
import type { ImageInspectInfo } from 'dockerode'
import { detectSecrets, isSecretName } from '../secrets/index.js'
import type { Severity } from '../conform/rule.js'
import type { FilesystemScan } from './filesystem.js'

/** The outcome of one verify check; `subject` says where (an env key, a path, a history step). */
export interface CheckResult {
  id: CheckId
  severity: Severity
  passed: boolean
  message: string
  subject?: string
}

/**
 * Checks that only `image verify` runs; the others use the id of the conform rule that checks the
 * same thing in the Dockerfile (the README documents both under the same heading).
 */
export const IMAGE_CHECKS = {
  'image-numeric-user': { severity: 'warning', description: 'The image sets USER to a numeric UID, as Kubernetes runAsNonRoot needs' },
  'image-no-setuid': { severity: 'error', description: 'No setuid or setgid files in the image' },
  'image-no-package-manager': { severity: 'error', description: 'A runtime image carries no package manager' },
  'image-no-shell': { severity: 'warning', description: 'A runtime image has no shell' },
  'image-no-secret-files': { severity: 'error', description: 'No .git folder, .env file or private key file in the image' },
  'image-size-budget': { severity: 'error', description: 'The image is within its size budget' },
  'image-smoke-start': { severity: 'error', description: 'The image starts read-only, with every capability dropped and no network, and exits 0 or passes its HEALTHCHECK' },
} as const satisfies Record<string, { severity: Severity; description: string }>

/** Conform rules whose check `image verify` repeats on the built image. */
export const SHARED_CHECK_IDS = ['dockerfile-non-root-user', 'dockerfile-no-secrets-in-env', 'dockerfile-healthcheck', 'secrets-no-credentials'] as const

export type CheckId = keyof typeof IMAGE_CHECKS | (typeof SHARED_CHECK_IDS)[number]

export type Variant = 'runtime' | 'dev'

const SHELLS = ['/bin/sh', '/bin/bash', '/bin/dash', '/bin/ash', '/bin/busybox', '/usr/bin/sh', '/usr/bin/bash', '/usr/bin/dash', '/usr/bin/busybox']
const PACKAGE_MANAGERS = ['/usr/bin/apt', '/usr/bin/apt-get', '/usr/bin/dpkg', '/usr/bin/pip', '/usr/bin/pip3', '/sbin/apk', '/usr/bin/yum', '/usr/bin/dnf', '/usr/bin/microdnf', '/usr/local/bin/pip', '/usr/local/bin/pip3']
const PRIVATE_KEY_FILES = new Set(['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519'])

/** `USER` resolved to a UID: missing, `0`, `root` and names that map to 0 in /etc/passwd are root. */
export function checkUser(config: ImageInspectInfo['Config'], passwd: string): CheckResult[] {
  const user = (config.User ?? '').split(':')[0] ?? ''
  const id = 'dockerfile-non-root-user'
  if (user === '') return [{ id, severity: 'error', passed: false, message: 'The image runs as root: no USER is set. Add `USER 65532:65532`.' }]
  const uid = /^\d+$/.test(user) ? Number(user) : lookupUid(passwd, user)
  if (uid === undefined) return [{ id, severity: 'error', passed: false, message: `USER ${user} is not in the image's /etc/passwd; use a numeric UID.` }]
  if (uid === 0) return [{ id, severity: 'error', passed: false, message: `The image runs as root (USER ${user} is UID 0). Use a non-root numeric UID such as 65532.` }]
  const checks: CheckResult[] = [{ id, severity: 'error', passed: true, message: `Runs as UID ${uid}.` }]
  if (!/^\d+$/.test(user)) {
    checks.push({ id: 'image-numeric-user', severity: 'warning', passed: false, message: `USER ${user} is a name; Kubernetes runAsNonRoot needs a numeric UID (USER ${uid}).` })
  }
  return checks
}

function lookupUid(passwd: string, name: string): number | undefined {
  const line = passwd.split('\n').find((entry) => entry.split(':')[0] === name)
  const uid = line?.split(':')[2]
  return uid === undefined ? undefined : Number(uid)
}

export function checkFilesystem(scan: FilesystemScan, variant: Variant): CheckResult[] {
  const results: CheckResult[] = scan.setuidFiles.map((file) => ({ id: 'image-no-setuid', severity: 'error' as const, passed: false, subject: file, message: `${file} has the setuid or setgid bit. Remove it (chmod ug-s) or the file.` }))
  if (scan.setuidFiles.length === 0) results.push({ id: 'image-no-setuid', severity: 'error', passed: true, message: 'No setuid or setgid files.' })
  if (variant === 'runtime') {
    const managers = PACKAGE_MANAGERS.filter((file) => scan.paths.has(file))
    results.push({ id: 'image-no-package-manager', severity: 'error', passed: managers.length === 0, message: managers.length ? `A runtime image must not carry a package manager: ${managers.join(', ')}.` : 'No package manager.' })
    const shells = SHELLS.filter((file) => scan.paths.has(file))
    results.push({ id: 'image-no-shell', severity: 'warning', passed: shells.length === 0, message: shells.length ? `The runtime image has a shell (${shells.join(', ')}); a distroless runtime has none.` : 'No shell.' })
  }
  for (const file of scan.paths) {
    const base = path.posix.basename(file)
    const leak = base === '.git' ? 'a git repository' : /^\.env(\.(?!example$|sample$|template$|dist$).+)?$/.test(base) ? 'an environment file' : PRIVATE_KEY_FILES.has(base) ? 'a private key' : undefined
    if (leak) results.push({ id: 'image-no-secret-files', severity: 'error', passed: false, subject: file, message: `${file} is ${leak}; keep it out with .dockerignore.` })
  }
  return results
}

/** ENV keys that name credentials and carry a value, and secrets in ENV values, labels or history. */
export async function checkMetadata(info: ImageInspectInfo, history: Array<{ CreatedBy?: string }>): Promise<CheckResult[]> {
  const results: CheckResult[] = []
  for (const entry of info.Config.Env ?? []) {
    const [key = '', ...rest] = entry.split('=')
    const value = rest.join('=')
    if (value !== '' && isSecretName(key)) {
      results.push({ id: 'dockerfile-no-secrets-in-env', severity: 'error', passed: false, subject: key, message: `ENV ${key} looks like a credential baked into the image. Pass it at run time or mount it at /run/secrets/.` })
    }
  }
  // `docker build --build-arg` values show up in history as `|1 NAME=value /bin/sh -c ...`.
  for (const [index, layer] of history.entries()) {
    const args = /^\|\d+ (.*?) (\/bin\/sh -c|#\(nop\))/.exec(layer.CreatedBy ?? '')?.[1] ?? ''
    for (const key of args.split(' ').map((pair) => pair.split('=')[0] ?? '')) {
      if (isSecretName(key)) {
        results.push({ id: 'dockerfile-no-secrets-in-env', severity: 'error', passed: false, subject: `history step ${index + 1}`, message: `Build argument ${key} is recorded in the image history. Use a BuildKit secret mount instead of ARG.` })
      }
    }
  }
  const texts: Array<[string, string]> = [
    ...(info.Config.Env ?? []).map((entry): [string, string] => [`ENV ${entry.split('=')[0]}`, entry]),
    ...Object.entries(info.Config.Labels ?? {}).map(([key, value]): [string, string] => [`LABEL ${key}`, `${key}=${value}`]),
    ...history.map((layer, index): [string, string] => [`history step ${index + 1}`, layer.CreatedBy ?? '']),
  ]
  for (const [subject, text] of texts) {
    for (const finding of await detectSecrets(text, 'image-metadata.txt')) {
      const id = subject.startsWith('ENV ') ? 'dockerfile-no-secrets-in-env' : 'secrets-no-credentials'
      results.push({ id, severity: 'error', passed: false, subject, message: `${subject}: ${finding.message}` })
    }
  }
  if (results.length === 0) results.push({ id: 'dockerfile-no-secrets-in-env', severity: 'error', passed: true, message: 'No secrets in ENV, build arguments, labels or history.' })
  return results
}

export async function checkSecretFiles(scan: FilesystemScan): Promise<CheckResult[]> {
  const results: CheckResult[] = []
  for (const [file, content] of scan.textFiles) {
    for (const finding of await detectSecrets(content, file)) {
      results.push({ id: 'secrets-no-credentials', severity: 'error', passed: false, subject: `${file}:${finding.line}`, message: `${file}:${finding.line}: ${finding.message}` })
    }
  }
  return results
}
