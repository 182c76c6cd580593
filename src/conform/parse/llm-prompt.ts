import { lineOfNode, parseYaml, type ParsedYaml } from './yaml.js'

/** A prompt file split into its YAML front matter and its Markdown body. */
export interface ParsedPrompt {
  /** The front matter, parsed with positions relative to its own first line. */
  frontMatter: ParsedYaml
  /** Add to a front-matter line to get the file's line (the opening `---` is line 1). */
  frontMatterOffset: number
  /** Body lines with their 1-based file line. */
  body: Array<{ line: number; text: string }>
}

/** Splits `---\n<yaml>\n---\n<body>`; returns a reason instead when the file has no closed front matter. */
export function parsePrompt(file: string, text: string): ParsedPrompt | { problem: string } {
  const lines = text.split(/\r?\n/)
  if (lines[0]?.trim() !== '---') return { problem: 'does not start with YAML front matter (`---`)' }
  const close = lines.findIndex((line, index) => index > 0 && (line.trim() === '---' || line.trim() === '...'))
  if (close < 0) return { problem: 'has front matter that is never closed (no second `---` line)' }
  return {
    frontMatter: parseYaml(file, lines.slice(1, close).join('\n')),
    frontMatterOffset: 1,
    body: lines.slice(close + 1).map((line, index) => ({ line: close + 2 + index, text: line })),
  }
}

/** File line of a front-matter node. */
export function frontMatterLine(prompt: ParsedPrompt, node: Parameters<typeof lineOfNode>[1]): number {
  return lineOfNode(prompt.frontMatter, node) + prompt.frontMatterOffset
}

const IDENTIFIER = '[A-Za-z_][A-Za-z0-9_]*'
// `{{ name }}` (MLflow, Jinja), `{name}` (str.format), `${name}` and `$name` (string.Template);
// `$$` is string.Template's escape for a literal dollar, so it is consumed without a name.
const PLACEHOLDER = new RegExp(`\\{\\{\\s*(${IDENTIFIER})\\s*\\}\\}|\\$\\{(${IDENTIFIER})\\}|\\$\\$|\\$(${IDENTIFIER})|\\{(${IDENTIFIER})\\}`, 'g')

/** Every placeholder name of the body, with the line of its first use. */
export function placeholdersOf(prompt: ParsedPrompt): Map<string, number> {
  const found = new Map<string, number>()
  for (const { line, text } of prompt.body) {
    for (const match of text.matchAll(PLACEHOLDER)) {
      const name = match[1] ?? match[2] ?? match[3] ?? match[4]
      if (name !== undefined && !found.has(name)) found.set(name, line)
    }
  }
  return found
}
