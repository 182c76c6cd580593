import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { DockerfileParser as Parser, Instruction } from 'dockerfile-ast'
import { describe, expect, it } from 'vitest'
import { parseDockerfile } from '../../../src/conform/parse/dockerfile.js'

// src/conform/parse/dockerfile.ts works out each instruction's arguments once instead of on every call. Compared
// here with a copy of dockerfile-ast loaded on its own (its module cache emptied first), which still derives them
// every time: every instruction's keyword, arguments, flags, content and ranges must come out the same.
function unpatchedParser(): typeof Parser {
  const require = createRequire(import.meta.url)
  const saved = Object.entries(require.cache).filter(([id]) => /[\\/]dockerfile-ast[\\/]/.test(id))
  for (const [id] of saved) delete require.cache[id]
  try {
    return (require('dockerfile-ast') as { DockerfileParser: typeof Parser }).DockerfileParser
  } finally {
    for (const [id] of Object.entries(require.cache)) if (/[\\/]dockerfile-ast[\\/]/.test(id)) delete require.cache[id]
    for (const [id, module] of saved) require.cache[id] = module
  }
}

function describeInstruction(instruction: Instruction): unknown {
  const flags = 'getFlags' in instruction ? (instruction as unknown as { getFlags(): Array<{ getName(): string; getValue(): string | null; getRange(): unknown; getNameRange(): unknown; getValueRange(): unknown }> }).getFlags() : []
  return {
    keyword: instruction.getKeyword(),
    range: instruction.getRange(),
    arguments: instruction.getArguments().map((argument) => [argument.getValue(), argument.getRange()]),
    again: instruction.getArguments().map((argument) => argument.getValue()),
    content: instruction.getArgumentsContent(),
    raw: instruction.getRawArgumentsContent(),
    argumentsRange: instruction.getArgumentsRange(),
    flags: flags.map((flag) => [flag.getName(), flag.getValue(), flag.getRange(), flag.getNameRange(), flag.getValueRange()]),
    expanded: instruction.getExpandedArguments().map((argument) => argument.getValue()),
  }
}

const CASES: Record<string, string> = {
  template: fs.readFileSync(new URL('../../../templates/python-base/project/Dockerfile.hbs', import.meta.url), 'utf8'),
  image: fs.readFileSync(new URL('../../../images/python/Dockerfile', import.meta.url), 'utf8'),
  flags: 'FROM --platform=$BUILDPLATFORM python:3.12 AS build\nCOPY --from=build --chown=1000:1000 --chmod=0644 a b /c/\nRUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=npm pip install -r req.txt\nADD --checksum=sha256:abc https://example.org/x.tgz /x\n',
  continuations: 'RUN apt-get update \\\n    && apt-get install -y \\\n       curl \\\n    # a comment inside\n    && rm -rf /var/lib/apt/lists/*\nENV A=1 \\\n    B="two words" C=3\n',
  json: 'CMD ["python", "-m", "app"]\nENTRYPOINT [ "tini", "--" ]\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD []\nHEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost/"]\nRUN [ "a" , "b\\"c" ]\n',
  heredoc: 'FROM debian\nRUN <<EOF\napt-get update\nEOF\nCOPY <<-EOT /app/x\n\tline\n\tEOT\nRUN cat <<A <<B\na\nA\nb\nB\n',
  onbuild: 'FROM debian\nONBUILD RUN --mount=type=cache,target=/x make\nONBUILD COPY --chown=1 . /src\n',
  escape: '# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n    c:\\\nCOPY --from=a `\n    x y\n',
  args: 'ARG A=1\nARG B\nARG C="x y"\nFROM base:${A} AS one\nARG A\nLABEL a=b c="d e"\nEXPOSE 80/tcp 443\nUSER 1000:1000\nWORKDIR /app\nSTOPSIGNAL SIGTERM\nVOLUME ["/data"]\n',
  odd: 'FROM\nRUN\nCOPY --from=\nRUN \\\n\nEXPOSE\n\\\n',
}

describe('Dockerfile parsing with arguments worked out once per instruction', () => {
  const Unpatched = unpatchedParser()

  it.each(Object.entries(CASES))('reads %s as dockerfile-ast does without it', (_name, text) => {
    const parsed = parseDockerfile('Dockerfile', text)
    const reference = Unpatched.parse(text)
    const mine = parsed.dockerfile.getInstructions()
    const theirs = reference.getInstructions()
    expect(mine.map(describeInstruction)).toEqual(theirs.map(describeInstruction))
    const triggers = (instructions: Instruction[]) => instructions.flatMap((instruction) => ('getTriggerInstruction' in instruction ? [(instruction as unknown as { getTriggerInstruction(): Instruction | null }).getTriggerInstruction()] : [])).filter((trigger): trigger is Instruction => trigger !== null)
    expect(triggers(mine).map(describeInstruction)).toEqual(triggers(theirs).map(describeInstruction))
    expect(parsed.dockerfile.getInitialARGs().map(describeInstruction)).toEqual(reference.getInitialARGs().map(describeInstruction))
  })

  it('hands each caller its own array of arguments', () => {
    const [copy] = parseDockerfile('Dockerfile', 'COPY --from=a x y\n').dockerfile.getInstructions() as [Instruction]
    const first = copy.getArguments()
    first.length = 0
    expect(copy.getArguments().map((argument) => argument.getValue())).toEqual(['x', 'y'])
  })

  it('checks against a copy that really is separate', () => {
    const [mine] = parseDockerfile('Dockerfile', 'RUN x\n').dockerfile.getInstructions() as [Instruction]
    const [theirs] = unpatchedParser().parse('RUN x\n').getInstructions() as [Instruction]
    expect(Object.getPrototypeOf(Object.getPrototypeOf(mine))).not.toBe(Object.getPrototypeOf(Object.getPrototypeOf(theirs)))
  })
})
