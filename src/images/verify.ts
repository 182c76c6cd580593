import { docsUrl, type Finding } from '../conform/rule.js'
import { ToolError } from '../errors.js'
import { VERSION } from '../version.js'
import { checkFilesystem, checkMetadata, checkSecretFiles, checkUser, type CheckResult, type Variant } from './checks.js'
import { OPSMITH_LABEL, connectEngine } from './docker.js'
import { scanImageFilesystem } from './filesystem.js'
import { smokeStart } from './smoke.js'

/** Options of `verifyImage`. */
export interface VerifyOptions {
  /** `runtime` adds the package-manager, shell and HEALTHCHECK checks; default from the image's label. */
  variant?: Variant
  /** Size budget in MB; default from the image's `dev.opsmith.size-budget-mb` label, else none. */
  maxSizeMb?: number
  /** Skip starting a container (e.g. for an image built for another architecture). */
  skipSmoke?: boolean
}

export interface VerifyResult {
  image: string
  id: string
  variant: Variant
  sizeBytes: number
  packageCount: number
  /** Failed checks, as findings of the same type conform reports (ids shared with conform's rules). */
  findings: Finding[]
  /** Every check that ran and what it saw, passed or not (text output lists them). */
  checks: CheckResult[]
  /** Files whose content was scanned for secrets. */
  scannedFiles: number
  /** True when no error-severity check failed. */
  passed: boolean
}

const VARIANT_LABEL = 'dev.opsmith.variant'
const BUDGET_LABEL = 'dev.opsmith.size-budget-mb'

/** Inspects, exports and starts an image, and reports every hardening check (REFERENCE section 1). */
export async function verifyImage(image: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const docker = await connectEngine()
  // 1. Metadata: config, labels, history.
  const handle = docker.getImage(image)
  const info = await handle.inspect().catch((error: unknown) => {
    throw new ToolError('usage', `No image "${image}" in the engine. Build or pull it first.`, { cause: error })
  })
  const history = (await handle.history()) as Array<{ CreatedBy?: string }>
  const labels = info.Config.Labels ?? {}
  const variant = options.variant ?? (labels[VARIANT_LABEL] === 'dev' ? 'dev' : 'runtime')
  const ownLabels = { [OPSMITH_LABEL]: `opsmith ${VERSION}`, 'dev.opsmith.verify': image }
  // 2. The exported filesystem: setuid bits, shells, package managers, leaked files.
  const scan = await scanImageFilesystem(image, ownLabels)
  const checks = [
    ...checkUser(info.Config, scan.passwd),
    ...checkFilesystem(scan, variant),
    ...(await checkMetadata(info, history)),
    ...(await checkSecretFiles(scan)),
  ]
  if (!checks.some((check) => check.id === 'image-no-secret-files')) {
    checks.push({ id: 'image-no-secret-files', severity: 'error', passed: true, message: 'No .git, .env or private key files.' })
  }
  if (!checks.some((check) => check.id === 'secrets-no-credentials')) {
    checks.push({ id: 'secrets-no-credentials', severity: 'error', passed: true, message: `No credentials in ${scan.textFiles.size} scanned files.` })
  }
  // 3. Declared behaviour: HEALTHCHECK and size budget.
  const healthcheck = info.Config.Healthcheck?.Test
  const hasHealthcheck = healthcheck !== undefined && healthcheck[0] !== 'NONE'
  if (variant === 'runtime') {
    checks.push({ id: 'dockerfile-healthcheck', severity: 'error', passed: hasHealthcheck, message: hasHealthcheck ? 'Declares a HEALTHCHECK.' : 'A runtime image must declare a HEALTHCHECK (CIS 4.6).' })
  }
  const budget = options.maxSizeMb ?? (labels[BUDGET_LABEL] ? Number(labels[BUDGET_LABEL]) : undefined)
  const sizeMb = info.Size / 1e6
  if (budget !== undefined) {
    checks.push({ id: 'image-size-budget', severity: 'error', passed: sizeMb <= budget, message: `${sizeMb.toFixed(1)} MB against a budget of ${budget} MB.` })
  }
  // 4. Behaviour: start it the way production should.
  if (!options.skipSmoke) checks.push(await smokeStart(docker, image, ownLabels, hasHealthcheck ? healthcheck : undefined))
  const findings = checks.filter((check) => !check.passed).map(toFinding)
  const passed = findings.every((finding) => finding.severity !== 'error')
  return { image, id: info.Id, variant, sizeBytes: info.Size, packageCount: scan.packageCount, findings, checks, scannedFiles: scan.textFiles.size, passed }
}

// An image has no file to point at: the subject (ENV key, path, history step) is in the message.
function toFinding(check: CheckResult): Finding {
  return { rule: check.id, severity: check.severity, docs: docsUrl(check.id), message: check.message }
}
