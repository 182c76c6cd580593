import fsp from 'node:fs/promises'
import path from 'node:path'
import { execa } from 'execa'
import { testdir } from './testdir.js'

/** The package as users get it: `npm pack`, installed into a temporary prefix; returns both bins. */
export async function installPacked(): Promise<{ opsmith: string; create: string; prefix: string }> {
  const root = path.resolve(import.meta.dirname, '../..')
  const work = await testdir()
  const pack = await execa('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root })
  const tarball = path.join(work, pack.stdout.trim().split('\n').at(-1) as string)
  const prefix = path.join(work, 'prefix')
  await execa('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball])
  // Readable by every user, so a test can run the CLI as another UID.
  await fsp.chmod(work, 0o755)
  return { opsmith: path.join(prefix, 'bin', 'opsmith'), create: path.join(prefix, 'bin', 'create-opsmith'), prefix }
}
