#!/usr/bin/env node
import module from 'node:module'

// Node >= 22 keeps compiled code between runs; start-up is most of a generation's time.
;(module as { enableCompileCache?: () => unknown }).enableCompileCache?.()
const { runCli } = await import('../cli.js')

await runCli(process.argv.slice(2))
