import { createRequire } from 'node:module'
import path from 'node:path'
import { PACKAGE_ROOT } from './paths.js'

const require = createRequire(import.meta.url)

/** The package version, read once from package.json at the package root. */
export const VERSION: string = (require(path.join(PACKAGE_ROOT, 'package.json')) as { version: string }).version
