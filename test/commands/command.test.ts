import { describe, expect, expectTypeOf, it } from 'vitest'
import { defineCommand, parseCommandLine, type CommandContext } from '../../src/commands/command.js'

const table = {
  format: { type: 'string', description: 'f', choices: ['text', 'json'], default: 'text' },
  rule: { type: 'string', description: 'r', multiple: true },
  out: { type: 'string', short: 'o', description: 'o' },
  fix: { type: 'boolean', description: 'x' },
} as const
const positionals = [{ name: 'kind', required: true, choices: ['model'] }, { name: 'rest', variadic: true }] as const

const command = defineCommand({ name: 'demo', summary: 'demo', usage: '<kind> [rest...]', flags: table, args: positionals, async run() { return 0 } })

describe('defineCommand', () => {
  it('infers flag and argument types from the tables', () => {
    type Context = CommandContext<typeof table, typeof positionals>
    expectTypeOf<Context['flags']['format']>().toEqualTypeOf<'text' | 'json'>()
    expectTypeOf<Context['flags']['rule']>().toEqualTypeOf<string[]>()
    expectTypeOf<Context['flags']['out']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<Context['flags']['fix']>().toEqualTypeOf<boolean>()
    expectTypeOf<Context['args']['kind']>().toEqualTypeOf<'model'>()
    expectTypeOf<Context['args']['rest']>().toEqualTypeOf<string[]>()
  })

  it('parses to those types: defaults, false for absent booleans, [] for absent lists', () => {
    expect(parseCommandLine('opsmith demo', command, ['model', 'a', 'b', '--rule', 'x', '-o', 'f'])).toEqual({
      flags: { format: 'text', rule: ['x'], out: 'f', fix: false, help: false, verbose: false },
      args: { kind: 'model', rest: ['a', 'b'] },
    })
  })

  it.each([
    [['model', '--format', 'xml'], '--format must be text or json, got "xml".'],
    [['widget'], '<kind> must be model, got "widget".'],
    [[], 'opsmith demo: missing <kind>. Usage: opsmith demo <kind> [rest...]'],
    [['model', '--nope'], 'Unknown option --nope. Run `opsmith demo --help` for the flags.'],
  ])('refuses %j with one usage line', (argv, message) => {
    expect(() => parseCommandLine('opsmith demo', command, argv)).toThrow(message)
  })

  it('refuses more positionals than declared', () => {
    const single = defineCommand({ name: 'one', summary: 'one', usage: '[dir]', flags: {}, args: [{ name: 'dir' }] })
    expect(() => parseCommandLine('opsmith one', single, ['a', 'b'])).toThrow('opsmith one takes at most 1 argument(s), got 2: a b. Usage: opsmith one [dir]')
  })
})

describe('defineGroup', () => {
  it('lists each subcommand of a group with its one-line summary in --help', async () => {
    const { main } = await import('../../src/cli.js')
    const { default: image } = await import('../../src/commands/image.js')
    let stdout = ''
    const io = { stdout: { write: (text: string) => ((stdout += text), true) }, stderr: { write: () => true } } as unknown as Parameters<typeof main>[1]
    expect(await main(['image', '--help'], io)).toBe(0)
    for (const [name, load] of Object.entries(image.subcommands ?? {})) {
      expect(stdout).toMatch(new RegExp(`^  ${name} +${(await load()).summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'))
    }
  })
})
