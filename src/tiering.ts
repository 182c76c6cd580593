import v8 from 'node:v8'

// V8 11 (Node 20) hands a function to its optimising compiler after about three runs through a 66 KB bytecode
// budget. `opsmith conform` on a typical repository is over in a fifth of a second, most of it code that runs once
// (YAML and Dockerfile parsers, rule bodies): the optimising compiles cost more than they save. Short runs start
// with an 8x budget; a whole-repository scan of thousands of files gets the default back once the listing is known.
// Other V8 versions tier differently and are left alone.
// A short run also keeps V8's young generation at the size it starts with (V8 reads the growth factor at each
// scavenge): growing it touches fresh pages, and the first touch of a page is a page fault, which on the virtual
// machines CI runs on can cost 10 µs and more. On a fresh project that is 460 fewer faults than the extra
// scavenges cost, and about 15 ms of a 255 ms run. And it compiles no baseline (Sparkplug) code: machine code for
// functions that run a few times, in pages of their own (170 faults on a fresh project, for code run once or twice).
const SHORT_RUN = '--interrupt-budget=540672 --semi-space-growth-factor=1 --no-sparkplug'
const DEFAULT = '--interrupt-budget=67584 --semi-space-growth-factor=2 --sparkplug'
const TUNED_V8 = /^11\.3\./
/** Repositories with more files than this are scanned long enough for optimised code to pay. */
export const LONG_RUN_FILES = 1_000

// Kept on the process, not in this module: the bin and the conform bundle each hold a copy of it.
const STATE = Symbol.for('opsmith.tiering')
type State = 'default' | 'short' | 'restored'
const tiering = process as unknown as { [STATE]?: State }

// Node ships its own modules with their compiled code, which V8 takes only under the flags it was made with: a
// module first loaded after the budget changes is compiled from source, at four times the cost (child_process,
// crypto and fs/promises: 12 ms instead of 3). So a short run loads the ones conform needs first, with util's
// argument parser and the output streams (a pipe, a file or a terminal), which load modules of their own on first
// use; test/bin/tiering.test.ts checks that no Node module loads while the budget is raised.
const SHORT_RUN_MODULES = ['node:child_process', 'node:crypto', 'node:fs/promises', 'node:process']

/**
 * Start of a command expected to be short (conform). `load` is the caller's `require`, which loads Node's modules
 * that such a run needs before the flags change.
 */
export function tuneForShortRun(load: (id: string) => unknown): void {
  if (!TUNED_V8.test(process.versions.v8) || tiering[STATE] === 'short') return
  for (const id of SHORT_RUN_MODULES) load(id)
  void (load('node:util') as typeof import('node:util')).parseArgs
  void process.stdout
  void process.stderr
  raiseBudget()
}

/** The run turned out long (many files): V8's own budget again. */
export function tuneForLongRun(): void {
  if (tiering[STATE] !== 'short') return
  v8.setFlagsFromString(DEFAULT)
  tiering[STATE] = 'restored'
}

/**
 * Puts back the flags the run started with; V8 names compiled-code caches after its flags, so a cache written
 * with other flags would be rejected by the next run.
 */
export function restoreStartFlags(): void {
  if (tiering[STATE] === 'restored') raiseBudget()
}

/**
 * Compiles under the flags the run started with, the ones compiled-code caches are written under (see
 * restoreStartFlags): a bundle first loaded after a long run restored V8's budget would otherwise find its cache
 * rejected, and write it again, on every such run.
 */
export function withStartFlags<T>(compile: () => T): T {
  if (tiering[STATE] !== 'restored') return compile()
  raiseBudget()
  try {
    return compile()
  } finally {
    tuneForLongRun()
  }
}

function raiseBudget(): void {
  v8.setFlagsFromString(SHORT_RUN)
  tiering[STATE] = 'short'
}
