import type { Command } from './command.js'

/** Every top-level command, loaded lazily so `opsmith new` never pays for dockerode or the rule set. */
export const COMMANDS: Record<string, () => Promise<Command>> = {
  add: async () => (await import('./add.js')).default,
  check: async () => (await import('./check.js')).default,
  conform: async () => (await import('./conform.js')).default,
  diff: async () => (await import('./diff.js')).default,
  fleet: async () => (await import('./fleet.js')).default,
  image: async () => (await import('./image.js')).default,
  init: async () => (await import('./init.js')).default,
  new: async () => (await import('./new.js')).default,
  template: async () => (await import('./template.js')).default,
  update: async () => (await import('./update.js')).default,
}
