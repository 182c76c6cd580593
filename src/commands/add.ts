import { addModelVersion } from '../generate/model.js'
import { defineCommand, TRUST_FLAG } from './command.js'
import { printableLines } from '../printable.js'

export default defineCommand({
  name: 'add',
  summary: 'Add to a generated project: `opsmith add model <name>` creates the next model version folder.',
  usage: 'model <name>',
  flags: {
    bump: { type: 'string', valueName: 'major|minor|patch', choices: ['major', 'minor', 'patch'], default: 'minor', description: 'Which part of the version to bump (default minor).' },
    dir: { type: 'string', short: 'C', valueName: 'DIR', description: 'The project root (default: the current folder).' },
    trust: TRUST_FLAG,
  },
  args: [{ name: 'kind', required: true, choices: ['model'] }, { name: 'name', required: true }],
  argsError: 'Usage: opsmith add model <name> [--bump major|minor|patch].',
  async run({ args, flags, stdout, cwd }) {
    const result = await addModelVersion({ projectDir: flags.dir ?? cwd, name: args.name, bump: flags.bump, trust: flags.trust === true })
    const from = result.parentVersion ? ` (after ${result.parentVersion})` : ''
    stdout.write(printableLines(`Created ${result.folder}${from}:\n${result.files.map((file) => `  ${file}\n`).join('')}`))
    const train = `\`make train MODEL=${result.name} VERSION=${result.version}\``
    const config = result.trainConfig
    if (config && !config.exists) {
      stdout.write(`Next: copy config/train.yaml to ${config.file} and set \`model: ${result.name}\` and its data and parameters;\n`)
      stdout.write(`      then train it with ${train} and tag it ${result.name}@v${result.version}.\n`)
    } else {
      stdout.write(`Next: train it with ${train}${config ? ` (${config.file})` : ''}, then tag it ${result.name}@v${result.version}.\n`)
    }
    return 0
  },
})
