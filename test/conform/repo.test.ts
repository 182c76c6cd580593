import picomatch from 'picomatch'
import { describe, expect, it } from 'vitest'
import { Repo } from '../../src/conform/repo.js'
import { testdir } from './helpers.js'

describe('Repo.glob', () => {
  it('matches as picomatch does over every file, whether or not the pattern starts with a literal folder', async () => {
    const dir = await testdir({
      'Dockerfile': '', 'Dockerfile.dev': '', 'models/a/1.0.0/model.json': '', 'models/a/1.0.0/MODEL_CARD.md': '', 'models.txt': '', 'modelsx/b': '',
      '.github/workflows/ci.yml': '', '.github/workflows/sub/x.yml': '', '.github/dependabot.yml': '', 'prompts': '', 'src/Dockerfile': '', 'a/b': '', 'a/bc/d': '',
    })
    const repo = await Repo.open(dir)
    const patterns = ['models/*/*/**', '.github/workflows/*.{yml,yaml}', '**/Dockerfile*', 'Dockerfile', 'prompts/**', 'a/b', 'a/**', 'a/b*/**', './models/**', '!models/**', 'nothing/**',
      '**/*.yml', '**/.github/**', 'models/**/*.{json,md}', '**/Dockerfile?dev', '**/[Dd]ockerfile*', '**/@(Dockerfile|prompts)', 'src/**/Docker*']
    for (const pattern of patterns) {
      const matcher = picomatch(pattern, { dot: true })
      expect(repo.glob(pattern), pattern).toEqual(repo.files().filter((file) => matcher(file)))
    }
    expect(repo.glob('models/*/*/**')).toEqual(['models/a/1.0.0/MODEL_CARD.md', 'models/a/1.0.0/model.json'])
    expect(repo.glob('a/b')).toEqual(['a/b'])
  })
})
