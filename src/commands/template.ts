import { defineCommand } from './command.js'

/** `opsmith template init|test`: for working groups that publish template packs. */
export default defineCommand({
  name: 'template',
  summary: 'Create and test template packs (opsmith template init|test).',
  usage: '<command>',
  flags: {},
  subcommands: {
    init: async () => (await import('./template-init.js')).default,
    test: async () => (await import('./template-test.js')).default,
  },
})
