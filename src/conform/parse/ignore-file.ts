import ignore from 'ignore'

/** Where a line of an ignore file is: 1-based, `endColumn` exclusive. */
export interface IgnoreLineLocation {
  line: number
  column: number
  endLine: number
  endColumn: number
}

/**
 * An ignore file's text with `lines` added at its end: after a blank line and `# comment` when given and the file is
 * not empty (a missing last newline first added). Line endings are the writer's concern (applyFixes keeps CRLF).
 */
export function appendIgnoreLines(text: string, lines: readonly string[], comment?: string): string {
  const separated = text === '' || text.endsWith('\n') ? text : `${text}\n`
  const heading = comment === undefined ? '' : `${text === '' ? '' : '\n'}# ${comment}\n`
  return `${separated}${heading}${lines.join('\n')}\n`
}

// Patterns matched as git on a case-sensitive file system and Docker's builder on Linux match them.
const caseSensitive = (patterns: string) => ignore({ ignorecase: false }).add(patterns)

/**
 * Which of `probes` (names at the root; a trailing `/` marks a folder) an ignore file's patterns exclude, as the
 * `ignore` package decides, case-sensitively as git (core.ignoreCase is off where files are case-sensitive) and
 * Docker's builder match; compiling only the patterns that can match one (see mayMatchAName). The package rewrites
 * each pattern with a dozen regexes before compiling it, and a project's .gitignore holds forty.
 */
export function ignoredProbes(text: string, probes: readonly string[]): Set<string> {
  const names = probes.map((probe) => probe.replace(/\/$/, ''))
  const atRoot = names.every((name) => name !== '' && !name.includes('/'))
  const relevant = atRoot ? text.split(/\r?\n/).filter((line) => mayMatchAName(line, names)) : [text]
  const matcher = caseSensitive(relevant.join('\n'))
  return new Set(probes.filter((probe) => matcher.ignores(probe)))
}

/**
 * Whether a pattern line could match one of `names` (at the root, no `/`): a pattern of two or more path segments
 * besides `**` matches only paths of as many (`a/.env`, `*\/.env`), and a glob matches a name only if every run of
 * plain characters between its wildcards (`*`, `?`, a class `[...]`) occurs in that name. Lines this cannot judge
 * are kept: an escape, a stray bracket.
 */
export function mayMatchAName(line: string, names: readonly string[]): boolean {
  const trimmed = line.trim().replace(/^!/, '')
  if (trimmed.includes('\\')) return true
  const segments = trimmed.split('/').filter((segment) => segment !== '' && segment !== '**')
  if (segments.length !== 1) return segments.length === 0
  const body = segments[0] as string
  const unclassed = body.replace(/\[[^\]]+\]/g, '?')
  if (/[[\]]/.test(unclassed)) return true
  const runs = unclassed.split(/[*?]+/).filter((run) => run !== '')
  return names.some((name) => runs.every((run) => name.includes(run)))
}

/**
 * Whether a repository's root .gitignore ignores every one of `probes` (names at the root) by itself, which is
 * then git's answer too: the .gitignore beside a path outranks $GIT_DIR/info/exclude and core.excludesFile, so
 * neither can let it through. Matched case-sensitively (a match holds whatever core.ignoreCase says). Only a text
 * of printable ASCII without backslashes, no line starting with a space, is judged: git and the `ignore` package
 * read the rest differently (the package drops a trailing tab, CR or byte-order mark that git keeps as part of the
 * pattern). False means "ask git", never "not ignored".
 */
export function rootGitignoreIgnoresAll(text: string, probes: readonly string[]): boolean {
  if (probes.length === 0 || probes.some((probe) => probe.includes('/')) || /[^\n\x20-\x5b\x5d-\x7e]|(?:^|\n) /.test(text)) return false
  return ignoredProbes(text, probes).size === probes.length
}

/**
 * The `!pattern` line of a .gitignore or .dockerignore that lets `probe` through: the last pattern that
 * matches it, when that one is a negation. Undefined when nothing un-ignores it (the entry is simply
 * missing, which has no line of its own).
 */
export function negatingLine(text: string, probe: string, compiled = new Map<string, ReturnType<typeof caseSensitive>>()): IgnoreLineLocation | undefined {
  const lines = text.split(/\r?\n/)
  // A pattern is compiled only when it can match the probe (a .gitignore may hold thousands), and once.
  const name = probe.replace(/\/$/, '')
  const atRoot = name !== '' && !name.includes('/')
  for (let index = lines.length - 1; index >= 0; index--) {
    // As git reads it: trailing blanks dropped, leading ones part of the pattern.
    const pattern = (lines[index] ?? '').trimEnd()
    if (pattern === '' || pattern.startsWith('#') || (atRoot && !mayMatchAName(pattern, [name]))) continue
    const negated = pattern.startsWith('!')
    const body = negated ? pattern.slice(1) : pattern
    if (body === '') continue
    let matcher = compiled.get(body)
    if (matcher === undefined) compiled.set(body, (matcher = caseSensitive(body)))
    if (!matcher.ignores(probe)) continue
    if (!negated) return undefined
    return { line: index + 1, column: 1, endLine: index + 1, endColumn: pattern.length + 1 }
  }
  return undefined
}

/** The first negation among `probes` (in their order), for a finding about all of them. */
export function firstNegatingLine(text: string, probes: string[]): IgnoreLineLocation | undefined {
  const compiled = new Map<string, ReturnType<typeof caseSensitive>>()
  for (const probe of probes) {
    const found = negatingLine(text, probe, compiled)
    if (found) return found
  }
  return undefined
}
