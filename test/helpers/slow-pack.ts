import fsp from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/** A template pack whose second action waits, so a test can interrupt generation half-way through writing. */
export const SLOW_PACK = {
  'opsmith-pack.json': JSON.stringify({ id: 'slow', description: 'waits half-way' }),
  'plopfile.js': `export default function (plop) {
  plop.setGenerator('project', {
    prompts: [{ type: 'input', name: 'projectName', message: 'Name' }],
    actions: [
      { type: 'add', path: 'first.txt', template: 'written before the interrupt' },
      () => new Promise((resolve) => setTimeout(() => resolve('late'), 20000)),
      { type: 'add', path: 'second.txt', template: 'never written' },
    ],
  })
}
`,
}

/** Waits until `new` has staged its first file under `parent` (generation is half-way), polling every 50 ms. */
export async function waitUntilStaged(parent: string, attempts: number): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const staged = await fsp.readdir(parent).catch(() => [] as string[])
    if (staged.length > 0 && (await fsp.readdir(path.join(parent, staged[0] as string)).catch(() => [])).length > 0) return
    await sleep(50)
  }
}
