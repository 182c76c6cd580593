// The prefilter's hot loop in WebAssembly: V8 runs it about three times faster than the same loop in
// JavaScript (no bounds checks, no deoptimisation), which matters when conform reads a 160 MB tree.
// Linear memory holds two 64 KiB tables, indexed by a little-endian 16-bit load (so the pair "ab" sits at
// 'a' | 'b' << 8): the gates at 0 (1: a gate whose keyword goes on, 2: a gate that is enough on its own, 3: as 1,
// then an `after` condition) and the followers at 64 KiB (the pair that starts one byte after a gate, as in its
// keyword); at 128 KiB the one `after` condition (see keywords.ts): a 256-byte table of the run's bytes, then four
// little-endian i32s: where the run starts counted from the gate, its least and greatest length, and the byte that
// must end it; then the bytes to scan from DATA on, with a 0 byte after them. A gate of 1 counts only where a
// follower comes next: "hs" in `epochs` is no `ghs_`; a gate of 3 (`://` of basicauth) only where the run and
// its end byte follow too, so the URLs in ordinary code and prose cost nothing past this loop. Most text holds
// no gate for long, so the loop looks up four pairs at a time and steps one byte only where one of them is
// marked (a third faster than one pair a step). The module, assembled with wabt's wat2wasm 1.0.39, is:
//   (module (memory (export "memory") 40)
//    (func $gate (param $i i32) (param $end i32) (result i32)
//     (local $gate i32) (local $from i32) (local $p i32) (local $limit i32)
//     (local.set $gate (i32.load8_u (i32.load16_u (local.get $i))))
//     (if (i32.eqz (local.get $gate)) (then (return (i32.const 0))))
//     (if (i32.eq (local.get $gate) (i32.const 2)) (then (return (i32.const 1))))
//     (if (i32.eqz (i32.load8_u offset=65536 (i32.load16_u offset=1 (local.get $i)))) (then (return (i32.const 0))))
//     (if (i32.lt_u (local.get $gate) (i32.const 3)) (then (return (i32.const 1))))
//     (local.set $from (i32.add (local.get $i) (i32.load offset=131328 (i32.const 0))))
//     (local.set $p (local.get $from))
//     (local.set $limit (i32.add (local.get $from) (i32.load offset=131336 (i32.const 0))))
//     (if (i32.gt_u (local.get $limit) (local.get $end)) (then (local.set $limit (local.get $end))))
//     (block $stop
//      (loop $run
//       (br_if $stop (i32.ge_u (local.get $p) (local.get $limit)))
//       (br_if $stop (i32.eqz (i32.load8_u offset=131072 (i32.load8_u (local.get $p)))))
//       (local.set $p (i32.add (local.get $p) (i32.const 1)))
//       (br $run)))
//     (if (result i32) (i32.and (i32.lt_u (local.get $p) (local.get $end))
//                               (i32.ge_u (i32.sub (local.get $p) (local.get $from)) (i32.load offset=131332 (i32.const 0))))
//      (then (i32.eq (i32.load8_u (local.get $p)) (i32.load offset=131340 (i32.const 0))))
//      (else (i32.const 0))))
//    (func (export "next") (param $i i32) (param $last i32) (result i32)
//     (block $done
//      (loop $loop
//       (br_if $done (i32.ge_u (local.get $i) (local.get $last)))
//       (if (i32.le_u (i32.add (local.get $i) (i32.const 4)) (local.get $last))
//        (then
//         (if (i32.eqz (i32.or
//                       (i32.or (i32.load8_u (i32.load16_u (local.get $i))) (i32.load8_u (i32.load16_u offset=1 (local.get $i))))
//                       (i32.or (i32.load8_u (i32.load16_u offset=2 (local.get $i))) (i32.load8_u (i32.load16_u offset=3 (local.get $i))))))
//          (then
//           (local.set $i (i32.add (local.get $i) (i32.const 4)))
//           (br $loop)))))
//       (if (call $gate (local.get $i) (i32.add (local.get $last) (i32.const 1))) (then (return (local.get $i))))
//       (local.set $i (i32.add (local.get $i) (i32.const 1)))
//       (br $loop)))
//     (i32.const -1)))

/** Finds the positions where a marked byte pair starts; `load` views the scanner's own memory. */
export interface GateScanner {
  /** A view of `length` bytes inside the scanner's memory to read a file into (valid until the next call). */
  load(length: number): Buffer
  /**
   * The first `length` bytes of what was read into a view from `load` (of at least that length), as the bytes
   * `next` looks at: a view of them, as `load` would give, without moving anything.
   */
  loaded(length: number): Buffer
  /** The bytes last given to `load` or `scan`, as a view (valid until the next call). */
  scan(bytes: Uint8Array): Buffer
  /** Index (in the scanned bytes) of the first gate at or after `from` (with its follower after it where needed), or -1. */
  next(from: number): number
}

// The slice of the WebAssembly API used here (the project compiles without the DOM typings that declare it).
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { exports: { memory: { readonly buffer: ArrayBuffer; grow(pages: number): number }; next: (from: number, last: number) => number } }
}

/** What a gate of 3 also needs: from `skip` bytes after the gate, `min` to `max` bytes marked in `run`, then `then`. */
export interface GateAfter {
  run: Uint8Array
  skip: number
  min: number
  max: number
  then: number
}

/**
 * A scanner for the gates marked in `gates` (`gates[a | b << 8]` for the pair "ab", the order the scan loads pairs
 * in: 2 for a gate on its own, 1 for one that needs a follower at the next byte, marked in `followers`, indexed the
 * same way, 3 for one that needs the follower and `after`). Refers to nothing outside itself: the prefilter pool
 * hands its source to worker threads.
 */
export function createGateScanner(gates: Uint8Array, followers: Uint8Array, after?: GateAfter): GateScanner {
  const MODULE_BASE64 = 'AGFzbQEAAAABBwFgAn9/AX8DAwIAAAUDAQAoBxECBm1lbW9yeQIABG5leHQAAQqXAgKvAQEEfyAALwEALQAAIQIgAkUEQEEADwsgAkECRgRAQQEPCyAALwEBLQCAgARFBEBBAA8LIAJBA0kEQEEBDwsgAEEAKAKAgghqIQMgAyEEIANBACgCiIIIaiEFIAUgAUsEQCABIQULAkADQCAEIAVPDQEgBC0AAC0AgIAIRQ0BIARBAWohBAwACwsgBCABSSAEIANrQQAoAoSCCE9xBH8gBC0AAEEAKAKMgghGBUEACwtkAAJAA0AgACABTw0BIABBBGogAU0EQCAALwEALQAAIAAvAQEtAAByIAAvAQItAAAgAC8BAy0AAHJyRQRAIABBBGohAAwCCwsgACABQQFqEAAEQCAADwsgAEEBaiEADAALC0F/Cw=='
  const FOLLOWERS = 1 << 16
  const AFTER = 2 << 16
  const DATA = 3 << 16
  const PAGE = 1 << 16
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
  const { exports } = new wasm.Instance(new wasm.Module(Buffer.from(MODULE_BASE64, 'base64')))
  const { memory, next: nextExport } = exports
  // Copied as they are (a loop over 65,536 pairs would cost milliseconds before V8 optimises it).
  new Uint8Array(memory.buffer).set(gates, 0)
  new Uint8Array(memory.buffer).set(followers, FOLLOWERS)
  if (after) {
    new Uint8Array(memory.buffer).set(after.run, AFTER)
    const fields = new DataView(memory.buffer, AFTER + 256, 16)
    ;[after.skip, after.min, after.max, after.then].forEach((value, index) => fields.setInt32(index * 4, value, true))
  } else if (gates.includes(3)) throw new Error('A gate of 3 needs an `after` condition.')
  let view = Buffer.alloc(0)
  let all = new Uint8Array(memory.buffer)
  const loaded = (length: number): Buffer => {
    if (DATA + length + 1 > memory.buffer.byteLength) throw new RangeError(`Only ${memory.buffer.byteLength - DATA - 1} bytes were loaded, not ${length}.`)
    view = Buffer.from(memory.buffer, DATA, length)
    // A gate in the last pair reads one byte past the bytes: a 0, never part of a keyword.
    all[DATA + length] = 0
    return view
  }
  const load = (length: number): Buffer => {
    const needed = DATA + length + 1
    if (memory.buffer.byteLength < needed) {
      memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE))
      all = new Uint8Array(memory.buffer)
    }
    return loaded(length)
  }
  return {
    load,
    loaded,
    scan(bytes) {
      if (bytes === view) return view
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
