#!/usr/bin/env node
import module from 'node:module'

// Node >= 22 keeps compiled code between runs; start-up is most of a generation's time.
;(module as { enableCompileCache?: () => unknown }).enableCompileCache?.()
const { runCli } = await import('../cli.js')

// `create-opsmith [dir] [flags]` is `opsmith new [dir] [flags]`, so `npm create opsmith` works.
const argv = process.argv.slice(2)
await runCli(argv[0] === '--version' || argv[0] === '-v' ? argv : ['new', ...argv])
