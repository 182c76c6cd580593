// The built-in python-base pack: the layer python-ml and python-llm extend.
import project from './project.js'

/** @param {import('node-plop').NodePlopAPI} plop */
export default function (plop) {
  project(plop)
}
