import { ToolError } from '../errors.js'

/** One JSON message of the Engine's build, push or import progress stream. */
export interface ProgressEvent {
  stream?: string
  status?: string
  id?: string
  progress?: string
  error?: string
  errorDetail?: { code?: number; message?: string }
  aux?: { ID?: string; Digest?: string; Tag?: string; Size?: number }
}

export interface FollowOptions {
  /** What the stream does, for the error message ("build", "push"). */
  action: string
  onEvent?: (event: ProgressEvent) => void
}

const STEP_LINE = /^Step \d+\/\d+ : /
const MAX_OUTPUT_LINES = 40
const ANSI_ESCAPE = /\x1b\[[0-9;]*m/g

/**
 * Reads a progress stream to its end. The Engine reports a failed build or push inside a 200
 * response, as an `errorDetail` message: this rejects with the failing step and its output.
 */
export async function followProgress(stream: AsyncIterable<unknown>, options: FollowOptions): Promise<ProgressEvent[]> {
  const events: ProgressEvent[] = []
  let step = ''
  let stepOutput: string[] = []
  let pending = ''
  for await (const chunk of stream) {
    pending += String(chunk)
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines.filter((text) => text.trim() !== '')) {
      const event = JSON.parse(line) as ProgressEvent
      events.push(event)
      options.onEvent?.(event)
      // The legacy builder colours a step's stderr with ANSI escapes: keep the text only.
      for (const text of (event.stream ?? '').replace(ANSI_ESCAPE, '').split('\n').filter((line) => line.trim() !== '')) {
        if (STEP_LINE.test(text)) {
          step = text.trim()
          stepOutput = []
        } else stepOutput.push(text)
      }
      if (event.errorDetail || event.error) {
        const message = event.errorDetail?.message ?? event.error ?? 'unknown error'
        const where = step ? ` at ${step}` : ''
        throw new ToolError('failed', `The ${options.action} failed${where}: ${message.trim()}`, {
          details: stepOutput.slice(-MAX_OUTPUT_LINES),
        })
      }
    }
  }
  return events
}
