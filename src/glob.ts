/**
 * Whether a glob can only match the path it spells (plain path characters; no `./`, `..`, empty segment or
 * trailing `/`), so a string comparison decides what picomatch would. Manifests and rules mostly name single
 * files: comparing spares compiling a regex for each.
 */
export function isLiteralPath(pattern: string): boolean {
  return /^[A-Za-z0-9_.-][A-Za-z0-9_./-]*$/.test(pattern) && !pattern.endsWith('/') && !pattern.includes('//') && !/(^|\/)\.\.?(\/|$)/.test(pattern)
}
