import path from 'node:path'
import { diffManagedFiles } from '../update/drift.js'
import { defineCommand } from './command.js'

export default defineCommand({
  name: 'diff',
  summary: "Show how the project's managed files drifted from what their template renders (exit 1 when they did).",
  usage: '[dir]',
  flags: {
    'name-only': { type: 'boolean', description: 'Print only the names of drifted files.' },
    trust: { type: 'boolean', description: "Run the template pack's JavaScript plopfile (packs of data never need it)." },
  },
  args: [{ name: 'dir' }],
  async run({ args, flags, stdout, cwd }) {
    const drift = await diffManagedFiles(path.resolve(cwd, args.dir ?? '.'), { trust: flags.trust })
    for (const entry of drift) stdout.write(flags['name-only'] ? `${entry.status}\t${entry.file}\n` : entry.patch)
    return drift.length > 0 ? 1 : 0
  },
})
