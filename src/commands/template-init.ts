import path from 'node:path'
import { parseSetFlags } from '../generate/answers.js'
import { askWithInquirer, canPrompt } from '../generate/ask.js'
import { generateProject } from '../generate/project.js'
import { defineCommand } from './command.js'

export default defineCommand({
  name: 'init',
  summary: 'Scaffold a new template pack (package.json, opsmith-pack.json, plopfile, templates).',
  usage: '<dir>',
  flags: {
    yes: { type: 'boolean', short: 'y', description: 'Take the default for every question not answered by a flag.' },
    set: { type: 'string', multiple: true, valueName: 'KEY=VALUE', description: 'Answer one question, e.g. --set projectName=@acme/opsmith-pack-service.' },
    'no-git': { type: 'boolean', description: 'Do not run git init and the initial commit.' },
  },
  args: [{ name: 'dir', required: true }],
  argsError: 'Usage: opsmith template init <dir>.',
  async run({ args, flags, stdout, stderr, cwd }) {
    const result = await generateProject({
      targetDir: args.dir,
      cwd,
      template: 'opsmith-pack',
      set: parseSetFlags(flags.set),
      useDefaults: flags.yes,
      ask: !flags.yes && canPrompt() ? askWithInquirer : undefined,
      git: !flags['no-git'],
    })
    for (const warning of result.warnings) stderr.write(`warning: ${warning}\n`)
    const shown = path.relative(cwd, result.targetDir) || '.'
    stdout.write(`Created template pack ${String(result.answers.projectName)} in ${shown} (${result.files.length} files).\n`)
    stdout.write(`\nNext:\n  cd ${shown}\n  opsmith template test .     # render every answer set and run conform on each\n  npm publish                 # then: npm create opsmith my-app -- --template ${String(result.answers.projectName)}\n`)
    return 0
  },
})
