import semver from 'semver'
import { defineRule, type RuleFinding } from '../rule.js'
import { MANIFEST_FILE } from '../policy.js'

const SHA256 = /^[a-f0-9]{64}$/

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export default defineRule({
  id: 'manifest-valid',
  description: '.opsmith.json records a template id and version, the opsmith version, answers and file hashes in the expected shape',
  severity: 'error',
  refs: ['copier:answers-file', 'cruft:cruft.json'],
  check({ manifest }) {
    if (!manifest) return []
    const problems: string[] = []
    const template = manifest.template
    if (!isObject(template)) problems.push('template: expected an object { "id", "version" }')
    else {
      if (typeof template.id !== 'string' || template.id === '') problems.push('template.id: expected a template id such as "python-ml"')
      if (typeof template.version !== 'string' || semver.valid(template.version) === null) problems.push('template.version: expected a SemVer version')
    }
    if (manifest.opsmith !== undefined && (typeof manifest.opsmith !== 'string' || semver.valid(manifest.opsmith) === null)) problems.push('opsmith: expected the SemVer version of opsmith')
    if (manifest.answers !== undefined && !isObject(manifest.answers)) problems.push('answers: expected an object')
    if (manifest.files !== undefined) {
      if (!isObject(manifest.files)) problems.push('files: expected an object of path -> sha256')
      else for (const [file, hash] of Object.entries(manifest.files)) if (typeof hash !== 'string' || !SHA256.test(hash)) problems.push(`files.${file}: expected a sha256 hex digest`)
    }
    return problems.map((problem): RuleFinding => ({ file: MANIFEST_FILE, line: 1, message: `${MANIFEST_FILE} ${problem}: opsmith writes this file, so regenerate it rather than editing by hand.` }))
  },
})
