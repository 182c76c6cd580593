import { createHash } from 'node:crypto'

/** A model.json valid against the python-ml template's schema. */
export function modelJson(name: string, version: string, overrides: Record<string, unknown> = {}): string {
  const record = {
    schema_version: 1,
    name,
    version,
    owners: ['ml-platform'],
    license: 'Apache-2.0',
    metrics: [{ name: 'f1', value: 0.91, dataset: 'iris', split: 'eval' }],
    gates: [{ metric: 'f1', op: '>=', threshold: 0.8, passed: true }],
    ...overrides,
  }
  return `${JSON.stringify(record, null, 2)}\n`
}

export const MODEL_CARD = '---\nlicense: apache-2.0\nlibrary_name: sklearn\n---\n# Model card\n'

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** One complete version folder. */
export function modelVersion(name: string, version: string, overrides: Record<string, unknown> = {}): Record<string, string> {
  const dir = `models/${name}/${version}`
  return { [`${dir}/model.json`]: modelJson(name, version, overrides), [`${dir}/MODEL_CARD.md`]: MODEL_CARD, [`${dir}/reference_profile.json`]: '{}\n' }
}
