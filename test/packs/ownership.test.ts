import picomatch from 'picomatch'
import { describe, expect, it } from 'vitest'
import { isLiteralPath } from '../../src/glob.js'
import { createOwnershipResolver } from '../../src/packs/ownership.js'
import type { PackManifest } from '../../src/packs/manifest.js'

const FILES = ['pyproject.toml', 'Makefile', '.github/dependabot.yml', '.github/workflows/ci.yml', 'docker/Dockerfile', 'docker/x/y', 'src/app/main.py', 'a.b-c_d/e', 'README.md', 'readme.md', 'x', '.env', '.env.example', 'models/model.schema.json']

describe('createOwnershipResolver', () => {
  it('treats a pattern that spells one path as that path only, exactly as picomatch would', () => {
    const patterns = ['pyproject.toml', '.github/dependabot.yml', 'a.b-c_d/e', 'x', '.env', 'docker/**', '**/*.md', '.github/workflows/*.yml', './x', 'x/', '../x', 'a/./b', '*.toml', 'README.{md,txt}', '+(x)', 'models/model.schema.json']
    for (const pattern of patterns) {
      const matches = picomatch(pattern, { dot: true })
      if (isLiteralPath(pattern)) for (const file of FILES) expect(matches(file), `${pattern} ~ ${file}`).toBe(file === pattern)
    }
    expect(patterns.filter(isLiteralPath)).toEqual(['pyproject.toml', '.github/dependabot.yml', 'a.b-c_d/e', 'x', '.env', 'models/model.schema.json'])
  })

  it('gives every path the mode picomatch over the same lists gives, nearest layer first', () => {
    const child = { managed: ['pyproject.toml', 'docker/**'], seeded: ['src/**', 'README.md'], merged: ['.env.example'] }
    const parent = { managed: ['Makefile', '.github/**', 'README.md'], seeded: ['**/*.md'], merged: [] }
    const manifest = { files: child, ownershipLayers: [child, parent] } as unknown as PackManifest
    const resolve = createOwnershipResolver(manifest)
    const reference = (file: string) => {
      for (const layer of [child, parent]) {
        for (const mode of ['managed', 'seeded', 'merged'] as const) if (picomatch(layer[mode], { dot: true })(file)) return mode
      }
      return 'merged'
    }
    for (const file of FILES) expect(resolve(file), file).toBe(reference(file))
    expect(resolve('README.md')).toBe('seeded')
    expect(resolve('Makefile')).toBe('managed')
  })
})
