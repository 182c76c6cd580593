// The built-in python-llm pack: one plopfile that registers each generator from its own file.
import project from './project.js'

/** @param {import('node-plop').NodePlopAPI} plop */
export default function (plop) {
  project(plop)
}
