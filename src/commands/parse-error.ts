// One-line usage errors for the command-line parser, and "did you mean" for mistyped commands and flags.

// node:util's messages end in advice about `--` that does not fit a CLI; say what is wrong in our words.
export function describeParseError(error: unknown, flags: string[]): string {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
  const code = (error as { code?: string }).code
  const option = /'(-[^' ]*)/.exec(message)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    return `Unknown option ${option}.${didYouMean(option.replace(/^-+/, ''), flags, '--')}`
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /argument missing/.test(message) ? `Option ${option} needs a value.` : `Option ${option} takes no value.`
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `Unexpected argument: ${/'([^']*)'/.exec(message)?.[1] ?? message}.`
  return `${message.replace(/\.?$/, '.')}`
}

/** ` Did you mean "x"?` for the closest candidate within two edits (git's help.autocorrect), else ''. */
export function didYouMean(input: string, candidates: string[], prefix = ''): string {
  let best: { candidate: string; distance: number } | undefined
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate)
    if (distance <= Math.min(2, Math.floor(candidate.length / 2)) && (!best || distance < best.distance)) best = { candidate, distance }
  }
  return best ? ` Did you mean "${prefix}${best.candidate}"?` : ''
}

// Damerau-Levenshtein (optimal string alignment): a swapped pair such as `confrom` counts as one edit.
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const row = rows[i]!
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1)
    }
  }
  return rows[a.length]![b.length]!
}

