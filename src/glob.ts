import picomatch from 'picomatch'

/**
 * Whether a glob can only match the path it spells (plain path characters; no `./`, `..`, empty segment or
 * trailing `/`), so a string comparison decides what picomatch would. Manifests and rules mostly name single
 * files: comparing spares compiling a regex for each.
 */
export function isLiteralPath(pattern: string): boolean {
  return /^[A-Za-z0-9_.-][A-Za-z0-9_./-]*$/.test(pattern) && !pattern.endsWith('/') && !pattern.includes('//') && !/(^|\/)\.\.?(\/|$)/.test(pattern)
}

const MATCHERS = new Map<string, (file: string) => boolean>()

/**
 * Whether a repo-relative POSIX path matches a glob (dotfiles included), as picomatch decides. A glob that spells
 * one path is a comparison; any other is compiled once per process (rules, a pack and the pack it extends repeat
 * the same globs).
 */
export function globMatcher(glob: string): (file: string) => boolean {
  let matcher = MATCHERS.get(glob)
  if (!matcher) {
    matcher = isLiteralPath(glob) ? (file) => file === glob : picomatch(glob, { dot: true })
    MATCHERS.set(glob, matcher)
  }
  return matcher
}
