// C0 and C1 control characters (ESC starts the terminal sequences that retitle a window, rewrite the screen or, with
// OSC 52, set the clipboard; CSI has an 8-bit form at U+009B) and the bidirectional overrides and isolates that
// reorder what a reader sees ("Trojan Source").
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/**
 * Text that came from a repository, a pack or an image (a file name, a YAML value, a reason in a comment) made safe
 * to print for a person: each control character and direction override becomes a visible `\u001b`-style escape, so
 * a hostile name can neither drive the reader's terminal nor break a one-line message in two. Plain text is
 * returned as it is.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** `printable` for a report of many lines: each line made printable, the line breaks kept. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n')
}
