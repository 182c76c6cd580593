import fsp from 'node:fs/promises'
import path from 'node:path'
import { jsonc, parseJsonc } from '../jsonc.js'
import { ToolError, TOO_DEEP, UsageError } from '../errors.js'
import { schemaErrorPath, schemaValidator } from '../schema-validator.js'
import { PROJECT_RECORD_AJV_OPTIONS, PROJECT_RECORD_SCHEMA, type PackSource, type ProjectRecord, type RecordedLayer } from './schema.js'

/** The project record's file name, at the root of a generated repo. */
export const RECORD_FILE = '.opsmith.json'

/** A path into the record: object keys and array indexes, e.g. `['conform', 'waivers', 0]`. */
export type RecordPath = Array<string | number>

/** A 1-based place in .opsmith.json; `endLine`/`endColumn` (exclusive) close the key or item. */
export interface RecordLocation {
  line: number
  column: number
  endLine: number
  endColumn: number
}

/** A schema problem: the message (as in `errors`) and the path of the key it is about. */
export interface RecordIssue {
  message: string
  path: RecordPath
}

/** A parsed record: `record` only when the file exists and is valid; `errors` name the JSON path of each problem. */
export interface ProjectRecordResult {
  record: ProjectRecord | undefined
  errors: string[]
  /** The file exists (valid or not). */
  exists: boolean
  /** The parsed JSON, valid against the schema or not (undefined when missing or not JSON). */
  value?: unknown
  /** Each schema problem with the path of its key, for findings that point at it. */
  issues?: RecordIssue[]
  /** The JSON syntax error (jsonc-parser's code, e.g. `ValueExpected`) and where, when the file is not JSON. */
  syntaxError?: { message: string; line: number; column: number }
  /**
   * Where a key (or array item) is: the key's own text for an object member, the item for an array index;
   * undefined when the path is absent. The only way other modules learn positions in the file.
   */
  locate?: (path: RecordPath) => RecordLocation | undefined
}

/** Reads and checks `<dir>/.opsmith.json`; never throws for a missing, unreadable or invalid file. */
export async function readProjectRecord(dir: string): Promise<ProjectRecordResult> {
  const file = path.join(dir, RECORD_FILE)
  // Only a regular file is read: a FIFO or device under that name must not hang.
  const stats = await fsp.lstat(file).catch(() => undefined)
  if (!stats) return { record: undefined, errors: [], exists: false }
  if (!stats.isFile()) return { record: undefined, errors: [`${RECORD_FILE} is not a regular file`], exists: true }
  const text = await fsp.readFile(file, 'utf8').catch((error: Error) => error)
  if (text instanceof Error) return { record: undefined, errors: [`${RECORD_FILE} cannot be read: ${text.message}`], exists: true }
  return parseProjectRecord(text)
}

/** Checks a record's text (as conform's repo view reads it); undefined text means there is no file. */
export async function parseProjectRecord(text: string | undefined): Promise<ProjectRecordResult> {
  if (text === undefined) return { record: undefined, errors: [], exists: false }
  const { tree, value, errors: syntax, tooDeep } = parseJsonc(text, { allowTrailingComma: false, disallowComments: true })
  if (tooDeep) return { record: undefined, errors: [`${RECORD_FILE} is ${TOO_DEEP}`], exists: true }
  const first = syntax[0]
  if (first || !tree) {
    const at = positionIn(text, first?.offset ?? 0)
    const message = first ? jsonc.printParseErrorCode(first.error) : 'ValueExpected'
    return { record: undefined, errors: [`${RECORD_FILE} is not valid JSON: ${message} at line ${at.line}, column ${at.column}`], exists: true, syntaxError: { message, ...at } }
  }
  const locate = (path: RecordPath) => locationIn(text, tree, path)
  const validate = await schemaValidator('record', PROJECT_RECORD_SCHEMA, PROJECT_RECORD_AJV_OPTIONS)
  if (validate(value)) return { record: value as ProjectRecord, errors: [], exists: true, value, issues: [], locate }
  const issues = describeErrors(validate.errors ?? [])
  return { record: undefined, errors: issues.map((issue) => issue.message), exists: true, value, issues, locate }
}

/** The record of a generated project, for commands that need one: a missing or invalid record is a one-line error. */
export async function requireProjectRecord(dir: string): Promise<ProjectRecord> {
  const { record, errors, exists } = await readProjectRecord(dir)
  if (!exists) throw new UsageError(`${dir} is not an opsmith project (no ${RECORD_FILE}): run this in a generated project.`)
  if (!record) throw new ToolError('config', `${RECORD_FILE} is invalid: ${errors.join('; ')}`)
  return record
}

/** Writes the record (keys in the order given, two-space JSON, final newline), so it is byte-for-byte deterministic. */
/** The record's bytes as opsmith writes them (two-space JSON, final newline): one format for every writer. */
export function projectRecordText(record: ProjectRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`
}

export async function writeProjectRecord(dir: string, record: ProjectRecord): Promise<void> {
  await fsp.writeFile(path.join(dir, RECORD_FILE), projectRecordText(record))
}

/**
 * The record's text with `conform.profiles` set, the rest kept byte for byte (jsonc edits), or a new
 * conform-only record (what `opsmith init` writes into a repository opsmith did not generate).
 * Throws UsageError when an existing file is not a JSON object.
 */
export async function recordTextWithProfiles(dir: string, profiles: string[]): Promise<{ content: string; created: boolean }> {
  const file = path.join(dir, RECORD_FILE)
  const stats = await fsp.lstat(file).catch(() => undefined)
  if (!stats) {
    const content = `${JSON.stringify({ conform: { profiles, rules: {}, waivers: [] } }, null, 2)}\n`
    return { content, created: true }
  }
  // Only a regular file is read (a symlink could lead out of the repository, a FIFO would hang).
  if (!stats.isFile()) throw new UsageError(`${RECORD_FILE} is not a regular file${stats.isSymbolicLink() ? ' (a symlink)' : ''}: replace it with the file (or move it away) and run \`opsmith init\` again.`)
  const text = await fsp.readFile(file, 'utf8').catch(() => undefined)
  const { value, errors } = await parseProjectRecord(text)
  if (text === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = errors[0]?.endsWith(TOO_DEEP) ? TOO_DEEP : 'not a JSON object'
    throw new UsageError(`${RECORD_FILE} is ${what}: fix it (or move it away) and run \`opsmith init\` again.`)
  }
  const edits = jsonc.modify(text, ['conform', 'profiles'], profiles, { formattingOptions: { insertSpaces: true, tabSize: 2 } })
  return { content: jsonc.applyEdits(text, edits), created: false }
}

/** Where the project's pack came from; records written before packs had sources are built-ins. */
export function recordedSource(record: ProjectRecord): PackSource {
  return record.template.source ?? { type: 'builtin', spec: record.template.id }
}

/** Every layer the project was rendered from, root first, its own pack last (records without `extends` have one). */
export function recordedLayers(record: ProjectRecord): RecordedLayer[] {
  const { id, version } = record.template
  return [...(record.template.extends ?? []), { id, version, source: recordedSource(record) }]
}

/** The `template` entry for a pack and its layers (`extends` only when it has parents, as before layering). */
export function templateRecord({ layer, parents }: { layer: RecordedLayer; parents: RecordedLayer[] }): ProjectRecord['template'] {
  return { ...layer, ...(parents.length > 0 ? { extends: parents } : {}) }
}

type SchemaError = import('ajv').ErrorObject

// `template.version: expected a SemVer version`; `files.Dockerfile: expected a sha256 hex digest`.
function describeErrors(errors: SchemaError[]): RecordIssue[] {
  const issues = new Map<string, RecordIssue>()
  for (const error of errors) {
    const path = error.instancePath.split('/').slice(1).map((part) => (/^\d+$/.test(part) ? Number(part) : part.replace(/~1/g, '/').replace(/~0/g, '~')))
    const where = schemaErrorPath(error)
    let message: string
    if (error.keyword === 'required') {
      const missing = String(error.params.missingProperty)
      const properties = (error.parentSchema as { properties?: Record<string, { 'x-hint'?: string }> } | undefined)?.properties
      message = `${where === '(root)' ? '' : `${where}.`}${missing}: ${properties?.[missing]?.['x-hint'] ?? 'is missing'}`
    } else {
      const hint = (error.parentSchema as { 'x-hint'?: string } | undefined)?.['x-hint']
      message = `${where}: ${hint ?? error.message ?? 'is invalid'}`
    }
    if (!issues.has(message)) issues.set(message, { message, path })
  }
  return [...issues.values()]
}

// An object member's location is its key; an array item's is the item itself.
function locationIn(text: string, tree: jsonc.Node, path: RecordPath): RecordLocation | undefined {
  const node = path.length === 0 ? tree : jsonc.findNodeAtLocation(tree, path)
  if (!node) return undefined
  const target = node.parent?.type === 'property' ? (node.parent.children?.[0] ?? node) : node
  const start = positionIn(text, target.offset)
  const end = positionIn(text, target.offset + target.length)
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column }
}

function positionIn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const lineStart = before.lastIndexOf('\n') + 1
  return { line: before.split('\n').length, column: offset - lineStart + 1 }
}
