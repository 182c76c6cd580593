// opsmith's image library: bootstrap a base, build, verify, push. Commands stay thin over these.
export { bootstrapBase, parseDpkgStatus, type BootstrapOptions, type BootstrapResult } from './bootstrap.js'
export { buildImage, type BuildOptions, type BuildResult } from './build.js'
export { verifyImage, type VerifyOptions, type VerifyResult } from './verify.js'
export { pushImage, type PushOptions, type PushResult } from './push.js'
export { REPORT_FORMATS, type ReportFormat } from './report.js'
export { connectEngine, getDocker, imageExists, OPSMITH_LABEL } from './docker.js'
export type { CheckResult, Variant } from './checks.js'
