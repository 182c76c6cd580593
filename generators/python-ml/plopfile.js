// The built-in python-ml pack: one plopfile that registers each generator from its own file.
import project from './project.js'
import model from './model.js'

/** @param {import('node-plop').NodePlopAPI} plop */
export default function (plop) {
  project(plop)
  model(plop)
}
