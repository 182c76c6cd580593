import fsp from 'node:fs/promises'
import path from 'node:path'
import { UsageError } from '../errors.js'
import { renderDashboard, renderMarkdownSummary } from './dashboard.js'
import type { FleetDocument } from './document.js'

/** Where a fleet command writes: the JSON document (stdout when no file), the HTML dashboard, the Markdown summary. */
export interface FleetOutputs {
  json?: string
  html?: string
  markdown?: string
  previous?: FleetDocument
}

async function writeOutput(file: string, content: string): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true })
  // Written beside the target, then renamed: a reader (a Pages deploy, a browser) never sees half a file.
  const partial = `${file}.${process.pid}.partial`
  try {
    await fsp.writeFile(partial, content)
    await fsp.rename(partial, file)
  } catch (error) {
    await fsp.rm(partial, { force: true })
    throw new UsageError(`Cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, { cause: error })
  }
}

/** Writes every requested form of the document; returns the JSON text when it goes to stdout. */
export async function writeFleetOutputs(document: FleetDocument, outputs: FleetOutputs): Promise<string | undefined> {
  const json = `${JSON.stringify(document, null, 2)}\n`
  if (outputs.html) await writeOutput(outputs.html, renderDashboard(document, outputs.previous))
  if (outputs.markdown) await writeOutput(outputs.markdown, renderMarkdownSummary(document))
  if (outputs.json) await writeOutput(outputs.json, json)
  return outputs.json ? undefined : json
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`

/** The one-line result a person reads after a scan or report. */
export function describeFleet(document: FleetDocument, seconds?: number): string {
  const t = document.totals
  const time = seconds === undefined ? '' : ` in ${seconds.toFixed(1)} s`
  return `${plural(t.repositories, 'repository', 'repositories')}${time}: ${t.ok} conform, ${t.failing} failing, ${t.error} could not be checked (${plural(t.findings.error, 'error')}, ${plural(t.findings.warning, 'warning')}).`
}
