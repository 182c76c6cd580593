import { styleText } from 'node:util'

// Progress of an operation that can take more than a second. On a terminal: one spinner line with the elapsed
// time, replaced by a result line at the end. In CI or when stderr is not a terminal: plain timestamped lines
// (start, then done or failed with the duration), which logs keep readable.

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const INTERVAL_MS = 80

type Stream = NodeJS.WritableStream & { isTTY?: boolean }

/** A running progress line; `update` changes its text (e.g. the current build step). */
export interface Progress {
  update: (text: string) => void
  /** Ends the line; a terminal keeps `✔ label (1.2 s)`. */
  succeed: () => void
  fail: () => void
}

function isInteractive(stream: Stream): boolean {
  return stream.isTTY === true && process.env.CI !== 'true' && process.env.TERM !== 'dumb'
}

function color(format: Parameters<typeof styleText>[0], text: string): string {
  return process.env.NO_COLOR ? text : styleText(format, text)
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`
const timestamp = () => new Date().toISOString().slice(11, 19)

/** Starts a progress line for `label` on `stream` (the command's stderr). */
export function startProgress(stream: Stream, label: string): Progress {
  const started = Date.now()
  let detail = ''
  if (!isInteractive(stream)) {
    stream.write(`[${timestamp()}] ${label}...\n`)
    return {
      update: () => {},
      succeed: () => stream.write(`[${timestamp()}] ${label}: done in ${seconds(started)}\n`),
      fail: () => stream.write(`[${timestamp()}] ${label}: failed after ${seconds(started)}\n`),
    }
  }
  let frame = 0
  const render = () => {
    // One line only: text longer than the terminal would wrap, and \r would then rewrite only its last row.
    const width = Math.max(20, ((stream as { columns?: number }).columns || 100) - 12 - label.length)
    const text = detail ? `  ${detail.slice(0, width)}` : ''
    stream.write(`\r\x1b[K${color('cyan', FRAMES[frame++ % FRAMES.length] as string)} ${label} ${color('dim', seconds(started))}${text}`)
  }
  const timer = setInterval(render, INTERVAL_MS)
  timer.unref()
  render()
  const end = (mark: string) => {
    clearInterval(timer)
    stream.write(`\r\x1b[K${mark} ${label} ${color('dim', `(${seconds(started)})`)}\n`)
  }
  return {
    update: (text) => {
      detail = text.replace(/\s+/g, ' ').trim()
    },
    succeed: () => end(color('green', '✔')),
    fail: () => end(color('red', '✖')),
  }
}

/** Runs `work` under a progress line: succeed when it resolves, fail (and rethrow) when it rejects. */
export async function withProgress<T>(stream: Stream, label: string, work: (progress: Progress) => Promise<T>): Promise<T> {
  const progress = startProgress(stream, label)
  try {
    const result = await work(progress)
    progress.succeed()
    return result
  } catch (error) {
    progress.fail()
    throw error
  }
}
