import type { AnySchema, ErrorObject, Options, ValidateFunction } from 'ajv'
import { precompiledValidator } from './precompiled.js'

const validators = new Map<string, Promise<ValidateFunction>>()

/**
 * The validator of one of opsmith's own schemas (the record, a pack manifest, what `fleet report` reads): in the
 * bundle, the code .ci/precompiled-validators.mjs compiled under the same `name`; run from source, compiled by Ajv once
 * per process, loaded on first use so that commands that never validate do not pay for it.
 */
export function schemaValidator(name: string, schema: AnySchema, options: Options): Promise<ValidateFunction> {
  let validator = validators.get(name)
  if (validator === undefined) {
    const precompiled = precompiledValidator(name)
    validator = precompiled ? Promise.resolve(precompiled) : import('ajv/dist/2020.js').then(({ default: loaded }) => {
      // `default` is module.exports (the Ajv2020 class) under Node's ESM loader.
      const Ajv2020 = loaded as unknown as typeof import('ajv/dist/2020.js').Ajv2020
      return new Ajv2020(options).compile(schema)
    })
    validators.set(name, validator)
  }
  return validator
}

/** Where a schema error is, as opsmith's messages name keys: `files.managed[2]`, or `(root)` for the whole document. */
export function schemaErrorPath(error: ErrorObject): string {
  return error.instancePath.replace(/^\//, '').replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.') || '(root)'
}
