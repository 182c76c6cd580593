// In-process secret detection shared by `opsmith conform` and `opsmith image verify`.
export { detectSecrets, type SecretFinding } from './detect.js'
export { detectSecretsInChunks, isMostlyText, type ChunkReader } from './chunks.js'
export { candidateRuleIds, hasSecretKeyword, hasSecretKeywordInBytes, prefilterBuffer } from './keywords.js'
export { DEFAULT_ALLOWED_SECRET_NAMES, isSecretName } from './names.js'
export { positionAt } from './position.js'
