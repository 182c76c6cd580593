#!/usr/bin/env node
import { runCli } from '../cli.js'

// `create-opsmith [dir] [flags]` is `opsmith new [dir] [flags]`, so `npm create opsmith` works.
const argv = process.argv.slice(2)
await runCli(argv[0] === '--version' || argv[0] === '-v' ? argv : ['new', ...argv])
