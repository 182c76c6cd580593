// What a run did, coarsely, for the compiled-code cache (bin/code-cache.ts). V8 caches only the functions a run
// compiled, and a cache is written by the first run: if that was `conform --help`, or a repository of one Dockerfile,
// every later run on a real project compiled the rest again (+34 ms and +9 ms of a 160 ms run, on every run until
// the next release). So the engine names the paths it takes (checked, each profile, a pack, a long run, a report
// format, fixing), the cache records the paths of the runs that wrote it, and a run that took a path it does not
// list writes it again, with both. The set only grows: a machine's cache settles after a few runs.

// Kept on the process, not in this module: the bin and the conform bundle each hold a copy of it (as tiering.ts).
const PATHS = Symbol.for('opsmith.code-paths')
const holder = process as unknown as { [PATHS]?: Set<string> }

/** Notes code paths this run takes. Names are short words without line breaks (`checked`, `profile:ml`). */
export function noteCodePaths(...names: string[]): void {
  const paths = (holder[PATHS] ??= new Set())
  for (const name of names) paths.add(name)
}

/** The code paths this run has taken so far. */
export function codePaths(): ReadonlySet<string> {
  return holder[PATHS] ?? new Set()
}
