import { fileURLToPath } from 'node:url'
import path from 'node:path'

// Both src/*.ts (tests) and dist/*.js (bundle) sit one level below the package root.
// Chunks live in dist/chunks/, so walk up until the folder holding package.json's siblings.
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (['chunks', 'bin', 'dist', 'src'].includes(path.basename(dir))) {
    dir = path.dirname(dir)
  }
  return dir
}

/** Root of the installed create-opsmith package. */
export const PACKAGE_ROOT = findPackageRoot()
export const GENERATORS_DIR = path.join(PACKAGE_ROOT, 'generators')
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates')
export const IMAGES_DIR = path.join(PACKAGE_ROOT, 'images')
