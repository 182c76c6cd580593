import { defineRule } from '../rule.js'
import { instructionsOf, lineOf, readDockerfiles, runCommand } from '../parse/dockerfile.js'

// A download piped straight into an interpreter: no checksum, no review, whatever the server sends runs.
const PIPE_TO_SHELL = /\b(?:curl|wget)\b[^|;&]*\|\s*(?:sudo\s+)?(?:env\s+)?(?:sh|bash|zsh|dash|ash|ksh|python3?|perl)\b/

export default defineRule({
  id: 'dockerfile-no-curl-pipe-sh',
  description: 'No `curl ... | sh` (or wget) in RUN: download, verify a checksum, then run',
  severity: 'error',
  // No CIS, hadolint, dockle or trivy check covers it (REFERENCE section 1): opsmith's own.
  refs: [],
  profile: 'base',
  securitySeverity: 7.3,
  docs: {
    why: '`curl ... | sh` runs whatever the server returns at build time, unverified. No CIS, hadolint, dockle or trivy check covers it (REFERENCE section 1): this one is opsmith\'s own.',
    fix: 'Download to a file, verify its sha256 (`sha256sum -c`), then run it.',
    examples: { language: 'dockerfile', bad: 'RUN curl -fsSL https://example.com/install.sh | sh', good: 'RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh' },
  },
  async check({ repo }) {
    return (await readDockerfiles(repo)).flatMap((parsed) =>
      instructionsOf(parsed, 'RUN')
        .filter(({ instruction }) => PIPE_TO_SHELL.test(runCommand(instruction)))
        .map(({ instruction }) => ({
          file: parsed.file,
          line: lineOf(instruction),
          message: 'This RUN pipes a download into a shell: download to a file, check its sha256 (`sha256sum -c`), then run it.',
        })),
    )
  },
})
