import path from 'node:path'
import semver from 'semver'
import { latestPackVersion } from '../packs/resolve.js'
import { recoverInterruptedUpdate } from './journal.js'
import { recordedLayers, requireProjectRecord, type PackSourceType } from '../record/index.js'

/** One layer of the project's pack (parents root first, the project's own pack last) against its newest version. */
export interface LayerCheck {
  id: string
  version: string
  source: PackSourceType
  newest: string
  /** `ahead`: the project was made by a newer opsmith or pack than can be had here. */
  status: 'current' | 'behind' | 'ahead'
}

export interface CheckResult {
  /** True when any layer has a newer version: `opsmith update` would change the project. */
  behind: boolean
  layers: LayerCheck[]
}

/**
 * `opsmith check` (cruft check): is any layer of the project's pack behind its newest version? Only looks versions up
 * (built-ins: this opsmith; npm: the registry; local: the folder's package.json): nothing is installed or rendered.
 */
export async function checkProject(projectDir: string): Promise<CheckResult> {
  recoverInterruptedUpdate(path.resolve(projectDir))
  const record = await requireProjectRecord(path.resolve(projectDir))
  const layers: LayerCheck[] = []
  for (const layer of recordedLayers(record)) {
    const newest = await latestPackVersion(layer.source, layer.id)
    layers.push({ id: layer.id, version: layer.version, source: layer.source.type, newest, status: compare(layer.version, newest) })
  }
  return { behind: layers.some((layer) => layer.status === 'behind'), layers }
}

function compare(recorded: string, newest: string): LayerCheck['status'] {
  if (recorded === newest || !semver.valid(recorded) || !semver.valid(newest)) return 'current'
  return semver.lt(recorded, newest) ? 'behind' : 'ahead'
}
