#!/usr/bin/env node
import module from 'node:module'

// Built as CommonJS, like ./opsmith.ts; the CLI itself is an ES module, imported.
// Node >= 22 keeps compiled code between runs; start-up is most of a generation's time.
;(module as { enableCompileCache?: () => unknown }).enableCompileCache?.()

// `create-opsmith [dir] [flags]` is `opsmith new [dir] [flags]`, so `npm create opsmith` works.
async function main(): Promise<void> {
  const { runCli } = await import('../cli.js')
  const argv = process.argv.slice(2)
  await runCli(argv[0] === '--version' || argv[0] === '-v' ? argv : ['new', ...argv])
}

void main()
