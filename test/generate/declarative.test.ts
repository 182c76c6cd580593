import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadGenerator } from '../../src/generate/plop.js'
import { applyRenames, renderProject } from '../../src/generate/render.js'
import { resolveAnswers } from '../../src/generate/answers.js'
import { resolvePack } from '../../src/packs/resolve.js'
import { planActions } from '../../src/generate/plan.js'
import { readTree, testdir } from '../helpers/testdir.js'

const PINNED = `registry.example/opsmith/python@sha256:${'0'.repeat(64)}`

// opsmith renders declarative generators itself for speed; the output must be node-plop's, byte for byte.
describe('the declarative executor', () => {
  it.each([true, false])('renders python-ml exactly as node-plop runActions does (serving=%s)', async (serving) => {
    const pack = await resolvePack('python-ml')
    const fastDir = await testdir()
    const plopDir = await testdir()
    const fast = await loadGenerator(pack, 'project', fastDir)
    const answers = await resolveAnswers(fast.questions, { useDefaults: true, inferred: { projectName: 'same-name' }, set: { serving: String(serving), baseImage: PINNED, devImage: PINNED } })
    await renderProject(fast, answers, { opsmithVersion: '9.9.9' })

    // python-ml extends python-base: node-plop runs each layer in turn (their files do not overlap).
    const plop = await loadGenerator(pack, 'project', plopDir)
    expect(plop.layers.map((layer) => layer.pack.id)).toEqual(['python-base', 'python-ml'])
    const data = { ...answers, ...plop.derive(answers), opsmithVersion: '9.9.9', templateVersion: pack.version }
    for (const layer of plop.layers) {
      const result = await layer.plop.runActions(data)
      expect(result.failures).toEqual([])
      const { actions } = layer.plop as unknown as { actions: unknown[] | ((data: unknown) => unknown[]) }
      const planned = planActions(typeof actions === 'function' ? actions(data) : actions, data, { renderString: layer.api.renderString, plopfileDir: path.dirname(layer.pack.plopfile) })
      const unstripped = planned.flatMap((action) => action.outputs).filter((output) => output.destination.endsWith('.hbs')).map((output) => output.destination)
      await applyRenames(plopDir, unstripped)
    }

    expect(await readTree(fastDir)).toEqual(await readTree(plopDir))
  })
})
