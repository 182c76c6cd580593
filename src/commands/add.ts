import { UsageError } from '../errors.js'
import { addModelVersion } from '../generate/model.js'
import { defineCommand } from './command.js'

const BUMPS = ['major', 'minor', 'patch'] as const

export default defineCommand({
  name: 'add',
  summary: 'Add to a generated project: `opsmith add model <name>` creates the next model version folder.',
  usage: 'model <name>',
  flags: {
    bump: { type: 'string', valueName: 'major|minor|patch', description: 'Which part of the version to bump (default minor).' },
    dir: { type: 'string', short: 'C', valueName: 'DIR', description: 'The project root (default: the current folder).' },
  },
  async run({ positionals, flags, stdout, cwd }) {
    const [kind, name, ...extra] = positionals
    if (kind !== 'model') throw new UsageError(`Unknown kind "${kind ?? ''}": opsmith add model <name> [--bump major|minor|patch].`)
    if (!name || extra.length > 0) throw new UsageError('Usage: opsmith add model <name> [--bump major|minor|patch].')
    const bump = (flags.bump as string | undefined) ?? 'minor'
    if (!(BUMPS as readonly string[]).includes(bump)) throw new UsageError(`--bump must be major, minor or patch, got "${bump}".`)
    const result = await addModelVersion({ projectDir: (flags.dir as string | undefined) ?? cwd, name, bump: bump as (typeof BUMPS)[number] })
    const from = result.parentVersion ? ` (after ${result.parentVersion})` : ''
    stdout.write(`Created ${result.folder}${from}:\n${result.files.map((file) => `  ${file}\n`).join('')}`)
    stdout.write(`Next: train it with \`make train MODEL=${result.name} VERSION=${result.version}\`, then tag it ${result.name}@v${result.version}.\n`)
    return 0
  },
})
