import { defineRule, type RuleFinding, WHOLE_FILE } from '../rule.js'
import { locationAt, readDevcontainers } from '../parse/devcontainer.js'

const ROOT_USER = /^(0|root)(:.*)?$/

export default defineRule({
  id: 'devcontainer-non-root-user',
  description: 'The dev container sets a non-root `remoteUser` (and `containerUser`, if set)',
  severity: 'error',
  refs: ['CIS-4.1', 'hadolint:DL3002'],
  profile: 'base',
  securitySeverity: 5.0,
  docs: {
    why: 'Tools, extensions and post-create scripts run as `remoteUser`; as root, any of them can change the image and bind-mounted files with root rights. `root`, `0` and `0:*` count as root; a missing `remoteUser` is reported too.',
    fix: 'Set `"remoteUser"` to the base image\'s non-root user (e.g. `"nonroot"`).',
    examples: { language: 'jsonc', bad: '{ "image": "python-dev@sha256:<digest>", "remoteUser": "root" }', good: '{ "image": "python-dev@sha256:<digest>", "remoteUser": "nonroot" }' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const parsed of await readDevcontainers(repo)) {
      for (const key of ['remoteUser', 'containerUser']) {
        const user = parsed.value[key]
        if (typeof user === 'string' && ROOT_USER.test(user)) {
          findings.push({ file: parsed.file, ...locationAt(parsed, [key]), message: `\`"${key}": "${user}"\` runs the dev container as root: use the base image's non-root user.` })
        }
      }
      if (typeof parsed.value.remoteUser !== 'string') {
        findings.push({ file: parsed.file, ...WHOLE_FILE, message: 'Set `"remoteUser"` to a non-root user, so tools in the dev container do not run as root.' })
      }
    }
    return findings
  },
})
