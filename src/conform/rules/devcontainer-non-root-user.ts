import { defineRule, type RuleFinding } from '../rule.js'
import { lineAt, readDevcontainers } from '../parse/devcontainer.js'

const ROOT_USER = /^(0|root)(:.*)?$/

export default defineRule({
  id: 'devcontainer-non-root-user',
  description: 'The dev container sets a non-root `remoteUser` (and `containerUser`, if set)',
  severity: 'error',
  refs: ['CIS-4.1', 'hadolint:DL3002'],
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const parsed of await readDevcontainers(repo)) {
      for (const key of ['remoteUser', 'containerUser']) {
        const user = parsed.value[key]
        if (typeof user === 'string' && ROOT_USER.test(user)) {
          findings.push({ file: parsed.file, line: lineAt(parsed, [key]), message: `\`"${key}": "${user}"\` runs the dev container as root: use the base image's non-root user.` })
        }
      }
      if (typeof parsed.value.remoteUser !== 'string') {
        findings.push({ file: parsed.file, line: 1, message: 'Set `"remoteUser"` to a non-root user, so tools in the dev container do not run as root.' })
      }
    }
    return findings
  },
})
