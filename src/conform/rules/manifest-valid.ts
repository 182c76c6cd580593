import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { MANIFEST_FILE } from '../policy.js'

export default defineRule({
  id: 'manifest-valid',
  description: '.opsmith.json records a template id and version, the opsmith version, answers and file hashes in the expected shape',
  severity: 'error',
  refs: ['copier:answers-file', 'cruft:cruft.json'],
  profile: 'base',
  docs: {
    why: 'opsmith reads `template`, `opsmith`, `answers` and `files` back; a hand-edited or truncated manifest breaks later commands. (The `conform` section itself is validated when the policy is read: errors there exit 2.)',
    fix: 'Regenerate the manifest rather than editing it by hand.',
    examples: { language: 'json', bad: '{ "template": { "id": "python-ml", "version": "one" }, "answers": [] }', good: '{ "template": { "id": "python-ml", "version": "0.1.0" }, "answers": { "projectName": "churn" } }' },
  },
  // The project-record module checks the file against its JSON Schema; each problem names its JSON path.
  // Each finding points at the key its problem is about (a syntax error at its line and column).
  check({ project }) {
    const where = (index: number) => {
      const path = project.issues?.[index]?.path
      const at = path && project.locate?.(path)
      return at ?? (project.syntaxError ? { line: project.syntaxError.line, column: project.syntaxError.column } : WHOLE_FILE)
    }
    return project.errors.map((problem, index): RuleFinding => ({ file: MANIFEST_FILE, ...where(index), message: `${MANIFEST_FILE} ${problem}: opsmith writes this file, so regenerate it rather than editing by hand.` }))
  },
})
