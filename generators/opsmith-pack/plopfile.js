// `opsmith template init <dir>`: the skeleton of a template pack, itself generated from a pack.
import project from './project.js'

/** @param {import('node-plop').NodePlopAPI} plop */
export default function (plop) {
  project(plop)
}
