import { diffManagedFiles } from '../update/drift.js'
import { defineCommand, FORMAT_FLAG, TRUST_FLAG } from './command.js'
import { openProject } from './open-project.js'
import { printable } from '../printable.js'

export default defineCommand({
  name: 'diff',
  summary: "Show how the project's managed files drifted from what their template renders (exit 1 when they did).",
  usage: '[dir]',
  flags: {
    'name-only': { type: 'boolean', description: 'Print only the names of drifted files.' },
    format: FORMAT_FLAG,
    trust: TRUST_FLAG,
  },
  args: [{ name: 'dir' }],
  async run({ args, flags, stdout, stderr, cwd }) {
    const projectDir = openProject(cwd, args.dir, stderr)
    const drift = await diffManagedFiles(projectDir, { trust: flags.trust })
    if (flags.format === 'json') {
      const files = drift.map((entry) => (flags['name-only'] ? { file: entry.file, status: entry.status } : entry))
      stdout.write(`${JSON.stringify({ drifted: drift.length > 0, files }, null, 2)}\n`)
    } else for (const entry of drift) stdout.write(flags['name-only'] ? `${entry.status}\t${printable(entry.file)}\n` : entry.patch)
    return drift.length > 0 ? 1 : 0
  },
})
