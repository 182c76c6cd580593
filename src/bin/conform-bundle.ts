// Entry of dist/conform.cjs: the same CLI, bundled as CommonJS so its compiled code can be cached (./code-cache.ts).
// Only `opsmith conform` runs from it; the other commands stay in the ES module chunks.
export { runCli } from '../cli.js'
