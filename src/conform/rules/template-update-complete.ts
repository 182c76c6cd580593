import { interruptedUpdate, JOURNAL_DIR, JOURNAL_PATH } from '../../record/journal.js'
import { defineRule } from '../rule.js'

export default defineRule({
  id: 'template-update-complete',
  description: 'No opsmith update was cut off half-way (no .opsmith-journal/ left behind)',
  severity: 'error',
  refs: ['copier:update'],
  profile: 'base',
  docs: {
    why: '`opsmith update` writes a journal before it changes the tree, so that an update killed half-way (SIGKILL, a crash, a CI job cancelled) can be undone. While the journal is there, the tree is neither the old version nor the new one: every other finding is about files that may be half updated, and committing them would commit that state. Only the repository itself can show it, so the rule runs whatever the profile or pack.',
    fix: 'Run `opsmith check` (or `opsmith update`, `opsmith diff`) in the project: it restores every file the update had changed, exactly as before, and removes the journal. Then run the update again. `conform --fix` refuses to write while the journal is there.',
    examples: { language: 'text', bad: '$ ls -a\n.opsmith-journal  .opsmith.json  Dockerfile  src', good: '$ opsmith check\nopsmith: an earlier update of this project was interrupted; restored 12 file(s) to how they were before it.\n$ ls -a\n.opsmith.json  Dockerfile  src' },
  },
  check({ repo }) {
    const state = interruptedUpdate(repo.root)
    if (state === undefined) return []
    if (state === 'starting') {
      return [{ file: JOURNAL_DIR, message: `An opsmith update was stopped while it wrote ${JOURNAL_DIR}/ (before it changed any file): run \`opsmith check\` to remove it, then update again.` }]
    }
    return [
      {
        file: JOURNAL_PATH,
        message: `An opsmith update was cut off half-way: files may be half updated. Run \`opsmith check\` to restore them from ${JOURNAL_DIR}/ exactly as before, then update again.`,
      },
    ]
  },
})
