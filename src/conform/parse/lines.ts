/**
 * The 1-based `line` of `text` without its line break, as `text.split(/\r?\n/)[line - 1]` gives it (undefined past
 * the end), found without splitting: rules and the engine ask for one line per finding, and a split per finding
 * made a copy of the whole file each time.
 */
export function lineAt(text: string, line: number): string | undefined {
  if (!Number.isInteger(line) || line < 1) return undefined
  let start = 0
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', start)
    if (next === -1) return undefined
    start = next + 1
  }
  const end = text.indexOf('\n', start)
  if (end === -1) return text.slice(start)
  return text.slice(start, text.charCodeAt(end - 1) === 13 && end - 1 >= start ? end - 1 : end)
}
