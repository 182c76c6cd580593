// The prefilter's hot loop in WebAssembly: V8 runs it about three times faster than the same loop in
// JavaScript (no bounds checks, no deoptimisation), which matters when conform reads a 160 MB tree.
// Linear memory holds the 64 KiB gate table at 0 (indexed by a little-endian 16-bit load, so the pair
// "ab" sits at 'a' | 'b' << 8) and the bytes to scan from DATA on. The module, assembled with wabt's
// wat2wasm 1.0.39, is:
//   (module (memory (export "memory") 40)
//    (func (export "next") (param $i i32) (param $last i32) (result i32)
//     (block $done
//      (br_if $done (i32.ge_u (local.get $i) (local.get $last)))
//      (loop $loop
//       (if (i32.load8_u (i32.load16_u (local.get $i))) (then (return (local.get $i))))
//       (local.set $i (i32.add (local.get $i) (i32.const 1)))
//       (br_if $loop (i32.lt_u (local.get $i) (local.get $last)))))
//     (i32.const -1)))

/** Finds the positions where a marked byte pair starts; `load` views the scanner's own memory. */
export interface GateScanner {
  /** A view of `length` bytes inside the scanner's memory to read a file into (valid until the next call). */
  load(length: number): Buffer
  /** The bytes last given to `load` or `scan`, as a view (valid until the next call). */
  scan(bytes: Uint8Array): Buffer
  /** Index (in the scanned bytes) of the first marked pair at or after `from`, or -1. */
  next(from: number): number
}

// The slice of the WebAssembly API used here (the project compiles without the DOM typings that declare it).
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { exports: { memory: { readonly buffer: ArrayBuffer; grow(pages: number): number }; next: (from: number, last: number) => number } }
}

/**
 * A scanner for the pairs marked in `table` (`table[a << 8 | b]` set for the pair "ab"). Refers to nothing
 * outside itself: the prefilter pool hands its source to worker threads.
 */
export function createGateScanner(table: Uint8Array): GateScanner {
  const MODULE_BASE64 = 'AGFzbQEAAAABBwFgAn9/AX8DAgEABQMBACgHEQIGbWVtb3J5AgAEbmV4dAAACi8BLQACQCAAIAFPDQADQCAALwEALQAABEAgAA8LIABBAWohACAAIAFJDQALC0F/Cw=='
  const DATA = 1 << 16
  const PAGE = 1 << 16
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
  const { exports } = new wasm.Instance(new wasm.Module(Buffer.from(MODULE_BASE64, 'base64')))
  const { memory, next: nextExport } = exports
  const pairs = new Uint8Array(memory.buffer, 0, DATA)
  for (let key = 0; key < table.length; key++) pairs[((key & 0xff) << 8) | (key >> 8)] = table[key] as number
  let view = Buffer.alloc(0)
  const load = (length: number): Buffer => {
    const needed = DATA + length + 1
    if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE))
    view = Buffer.from(memory.buffer, DATA, length)
    return view
  }
  return {
    load,
    scan(bytes) {
      if (bytes.buffer === memory.buffer && bytes.byteOffset === DATA && bytes.byteLength <= view.length) return (view = view.subarray(0, bytes.byteLength))
      load(bytes.byteLength).set(bytes)
      return view
    },
    next(from) {
      const found = nextExport(DATA + from, DATA + view.length - 1)
      return found === -1 ? -1 : found - DATA
    },
  }
}
