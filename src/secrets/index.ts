// In-process secret detection shared by `opsmith conform` and `opsmith image verify`.
export { detectSecrets, type SecretFinding } from './detect.js'
export { candidateRuleIds, hasSecretKeyword } from './keywords.js'
