// The part of js-yaml 4 that conform's fast YAML path uses (the package ships no types).
declare module 'js-yaml' {
  export interface LoaderState {
    position: number
    kind: 'scalar' | 'mapping' | 'sequence' | null
    tag: string | null
    anchor: string | null
    result: unknown
  }
  export interface LoadOptions {
    filename?: string
    schema?: unknown
    json?: boolean
    listener?: (this: LoaderState, event: 'open' | 'close', state: LoaderState) => void
  }
  export const FAILSAFE_SCHEMA: unknown
  export function load(text: string, options?: LoadOptions): unknown
}
