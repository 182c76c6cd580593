import { defineRule, type RuleFinding } from '../rule.js'
import { locationAt, readDevcontainers, runArgsOf } from '../parse/devcontainer.js'

// Capabilities that amount to root on the host or let the container escape its sandbox.
const DANGEROUS_CAPS = new Set(['ALL', 'SYS_ADMIN', 'SYS_MODULE', 'SYS_PTRACE', 'SYS_RAWIO', 'SYS_BOOT', 'NET_ADMIN', 'DAC_READ_SEARCH', 'BPF', 'PERFMON', 'MAC_ADMIN'])

function normalizeCap(cap: string): string {
  return cap.toUpperCase().replace(/^CAP_/, '')
}

export default defineRule({
  id: 'devcontainer-no-privileged',
  description: 'The dev container is not privileged, adds no dangerous capabilities and keeps seccomp/AppArmor',
  severity: 'error',
  refs: ['CIS-5.4', 'CIS-5.3', 'CIS-5.21'],
  profile: 'base',
  securitySeverity: 7.7,
  docs: {
    why: '`privileged`, `--privileged`, dangerous `capAdd`/`--cap-add` (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, ALL, ...) and `seccomp=unconfined`/`apparmor=unconfined` remove the container boundary.',
    fix: 'Delete the setting; add only narrow capabilities such as NET_BIND_SERVICE if really needed.',
    examples: { language: 'jsonc', bad: '{ "privileged": true, "capAdd": ["SYS_ADMIN"], "runArgs": ["--security-opt=seccomp=unconfined"] }', good: '{ "capAdd": ["NET_BIND_SERVICE"], "runArgs": ["--init"] }' },
  },
  async check({ repo }) {
    const findings: RuleFinding[] = []
    for (const parsed of await readDevcontainers(repo)) {
      const at = (path: Array<string | number>) => ({ file: parsed.file, ...locationAt(parsed, path) })
      if (parsed.value.privileged === true) {
        findings.push({ ...at(['privileged']), message: 'Remove `"privileged": true`: a privileged container is root on the host.' })
      }
      const capAdd = Array.isArray(parsed.value.capAdd) ? parsed.value.capAdd.map(String) : []
      capAdd.forEach((cap, index) => {
        if (DANGEROUS_CAPS.has(normalizeCap(cap))) findings.push({ ...at(['capAdd', index]), message: `Remove capability ${cap} from capAdd: it lets the container administer the host.` })
      })
      const securityOpt = Array.isArray(parsed.value.securityOpt) ? parsed.value.securityOpt.map(String) : []
      securityOpt.forEach((option, index) => {
        if (/unconfined/.test(option)) findings.push({ ...at(['securityOpt', index]), message: `Remove securityOpt \`${option}\`: it turns off the kernel sandbox.` })
      })
      for (const { arg, index } of runArgsOf(parsed)) {
        const cap = /^--cap-add=(.+)$/.exec(arg)?.[1]
        if (arg === '--privileged' || arg === '--privileged=true') findings.push({ ...at(['runArgs', index]), message: 'Remove `--privileged` from runArgs: a privileged container is root on the host.' })
        else if (cap && DANGEROUS_CAPS.has(normalizeCap(cap))) findings.push({ ...at(['runArgs', index]), message: `Remove \`--cap-add ${cap}\` from runArgs: it lets the container administer the host.` })
        else if (/^--security-opt=.*unconfined/.test(arg)) findings.push({ ...at(['runArgs', index]), message: `Remove \`${arg}\` from runArgs: it turns off the kernel sandbox.` })
      }
    }
    return findings
  },
})
