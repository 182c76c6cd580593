import path from 'node:path'
import { diffManagedFiles } from '../update/drift.js'
import { defineCommand } from './command.js'
import { showPackProgress } from './pack-progress.js'
import { recoverAndReport } from './recover.js'

export default defineCommand({
  name: 'diff',
  summary: "Show how the project's managed files drifted from what their template renders (exit 1 when they did).",
  usage: '[dir]',
  flags: {
    'name-only': { type: 'boolean', description: 'Print only the names of drifted files.' },
    format: { type: 'string', short: 'f', valueName: 'FORMAT', choices: ['text', 'json'], default: 'text', description: 'Output format: text or json (one JSON document on stdout).' },
    trust: { type: 'boolean', description: "Run the template pack's JavaScript plopfile (packs of data never need it)." },
  },
  args: [{ name: 'dir' }],
  async run({ args, flags, stdout, stderr, cwd }) {
    showPackProgress(stderr)
    recoverAndReport(path.resolve(cwd, args.dir ?? '.'), stderr)
    const drift = await diffManagedFiles(path.resolve(cwd, args.dir ?? '.'), { trust: flags.trust })
    if (flags.format === 'json') {
      const files = drift.map((entry) => (flags['name-only'] ? { file: entry.file, status: entry.status } : entry))
      stdout.write(`${JSON.stringify({ drifted: drift.length > 0, files }, null, 2)}\n`)
    } else for (const entry of drift) stdout.write(flags['name-only'] ? `${entry.status}\t${entry.file}\n` : entry.patch)
    return drift.length > 0 ? 1 : 0
  },
})
