#!/usr/bin/env node
import { existsSync } from 'node:fs'
import path from 'node:path'
import { runCachedBundle } from './code-cache.js'
import { tuneForShortRun } from '../tiering.js'
import { conformFolder } from '../commands/conform-flags.js'
import { startEarlyUntracked } from '../conform/early-listing.js'

// Built as CommonJS (dist/bin holds a package.json saying so): Node starts a CommonJS entry without its ES module
// loader, which a command as short as `opsmith conform` would otherwise pay for on every run.
const argv = process.argv.slice(2)
// `opsmith conform` (run on every commit and CI job) comes from one CommonJS bundle of the same sources, whose
// compiled code is cached between runs on every Node version (./code-cache.ts).
const conformBundle = path.join(__dirname, '..', 'conform.cjs')

async function main(): Promise<void> {
  if (argv[0] === 'conform' && existsSync(conformBundle)) {
    tuneForShortRun(require)
    startEarlyUntracked(conformFolder(argv.slice(1), process.cwd()))
    const { runCli } = runCachedBundle(conformBundle, require) as { runCli: (argv: string[]) => Promise<void> }
    await runCli(argv)
    exitWhenFlushed()
  } else {
    // Node >= 22 keeps compiled code between runs; start-up is most of a generation's time. (Not loaded for
    // conform, which has its own cache: node:module brings the ES module loader with it.)
    ;(require('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.()
    const { runCli } = await import('../cli.js')
    await runCli(argv)
  }
}

// Everything conform starts, it awaits (git, the prescan's threads, the report file), so once its output is out the
// process can go. Left to itself, Node would first wait for V8 to finish any garbage collection it has under way:
// 10 ms and more after a big repository's scan, spent on a heap about to be dropped. Each empty write calls back once
// what was written before it is flushed (pipes are asynchronous on some systems), then the 'exit' handlers run.
function exitWhenFlushed(): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit()))
}

void main()
