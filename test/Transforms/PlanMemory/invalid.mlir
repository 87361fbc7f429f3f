// The dialect rejects arena plans where buffers live at the same time share
// bytes, or lie outside the arena.
// RUN: dlc-opt %s -split-input-file -verify-diagnostics

func.func @overlap(%x: memref<16xf32>, %out: memref<16xf32>) attributes {dlc.arena_size = 96 : i64} {
  %arena = memref.alloc() {dlc.arena} : memref<96xi8>
  %c0 = arith.constant 0 : index
  %c32 = arith.constant 32 : index
  // expected-note @+1 {{the other buffer, live from op #3 to op #7}}
  %a = memref.view %arena[%c0][] {dlc.buffer = 0 : i64} : memref<96xi8> to memref<16xf32>
  // expected-error @+1 {{'memref.view' op occupies bytes [32, 96) of the arena, overlapping bytes [0, 64) of a buffer still live at op #4}}
  %b = memref.view %arena[%c32][] {dlc.buffer = 1 : i64} : memref<96xi8> to memref<16xf32>
  memref.copy %x, %a : memref<16xf32> to memref<16xf32>
  memref.copy %x, %b : memref<16xf32> to memref<16xf32>
  memref.copy %a, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Not overlapping in time, the same bytes are fine.
func.func @reuse(%x: memref<16xf32>, %out: memref<16xf32>) attributes {dlc.arena_size = 64 : i64} {
  %arena = memref.alloc() {dlc.arena} : memref<64xi8>
  %c0 = arith.constant 0 : index
  %a = memref.view %arena[%c0][] {dlc.buffer = 0 : i64} : memref<64xi8> to memref<16xf32>
  memref.copy %x, %a : memref<16xf32> to memref<16xf32>
  %b = memref.view %arena[%c0][] {dlc.buffer = 1 : i64} : memref<64xi8> to memref<16xf32>
  memref.copy %x, %b : memref<16xf32> to memref<16xf32>
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

func.func @outside(%x: memref<16xf32>) attributes {dlc.arena_size = 64 : i64} {
  %arena = memref.alloc() {dlc.arena} : memref<64xi8>
  %c8 = arith.constant 8 : index
  // expected-error @+1 {{'memref.view' op occupies 64 bytes from offset 8, outside the arena of 64 bytes}}
  %a = memref.view %arena[%c8][] : memref<64xi8> to memref<16xf32>
  memref.copy %x, %a : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Offset plus size passes 2^63 - 1: compared without wrapping (2^62 + 2^63
// used to wrap below the arena's end).
func.func @outside_wrapping(%x: memref<4xi16>) attributes {dlc.arena_size = 9223372036854775807 : i64} {
  %arena = memref.alloc() {dlc.arena} : memref<9223372036854775807xi8>
  %c = arith.constant 4611686018427387904 : index
  // expected-error @+1 {{'memref.view' op occupies 4611686018427387904 bytes from offset 4611686018427387904, outside the arena of 9223372036854775807 bytes}}
  %a = memref.view %arena[%c][] : memref<9223372036854775807xi8> to memref<2305843009213693952xi16>
  %s = memref.subview %a[0] [4] [1] : memref<2305843009213693952xi16> to memref<4xi16, strided<[1]>>
  memref.copy %x, %s : memref<4xi16> to memref<4xi16, strided<[1]>>
  return
}

// -----

// A view of more than 2^63 - 1 bytes.
func.func @view_too_large(%x: memref<4xf32>) attributes {dlc.arena_size = 64 : i64} {
  %arena = memref.alloc() {dlc.arena} : memref<64xi8>
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{'memref.view' op views 'memref<4611686018427387904xf32>', more than 2^63 - 1 bytes: no arena with 64-bit offsets holds it}}
  %a = memref.view %arena[%c0][] : memref<64xi8> to memref<4611686018427387904xf32>
  %s = memref.subview %a[0] [4] [1] : memref<4611686018427387904xf32> to memref<4xf32, strided<[1]>>
  memref.copy %x, %s : memref<4xf32> to memref<4xf32, strided<[1]>>
  return
}

// -----

func.func @size(%x: memref<16xf32>) attributes {dlc.arena_size = 128 : i64} {
  // expected-error @+1 {{'memref.alloc' op arena of 64 bytes, but the function's 'dlc.arena_size' is 128}}
  %arena = memref.alloc() {dlc.arena} : memref<64xi8>
  return
}

// -----

// expected-error @+1 {{'func.func' op has 'dlc.arena_size' but no op marked 'dlc.arena'}}
func.func @no_arena() attributes {dlc.arena_size = 128 : i64} {
  return
}

// -----

func.func @mark(%x: memref<16xf32>) {
  // expected-error @+1 {{'dlc.arena' must be a unit attribute on a memref.alloc of a static 1-D i8 memref}}
  %arena = memref.alloc() {dlc.arena} : memref<16xf32>
  return
}

// -----

// A returned view lives to the return: a later buffer may not take its bytes
// (the plan --dlc-plan-memory=plan-results makes never does this).
func.func @returned_overlap(%x: memref<16xf32>) -> memref<16xf32> attributes {dlc.arena_size = 64 : i64} {
  %arena = memref.alloc() {dlc.arena} : memref<64xi8>
  %c0 = arith.constant 0 : index
  // expected-note @+1 {{the other buffer, live from op #2 to op #6}}
  %a = memref.view %arena[%c0][] {dlc.buffer = 0 : i64} : memref<64xi8> to memref<16xf32>
  memref.copy %x, %a : memref<16xf32> to memref<16xf32>
  // expected-error @+1 {{'memref.view' op occupies bytes [0, 64) of the arena, overlapping bytes [0, 64) of a buffer still live at op #4}}
  %b = memref.view %arena[%c0][] {dlc.buffer = 1 : i64} : memref<64xi8> to memref<16xf32>
  memref.copy %x, %b : memref<16xf32> to memref<16xf32>
  return %a : memref<16xf32>
}

// -----

// A view carried by an op that is not a view (a select of it) has no known
// end.
func.func @escapes(%x: memref<16xf32>, %c: i1) -> memref<16xf32> attributes {dlc.arena_size = 64 : i64} {
  %arena = memref.alloc() {dlc.arena} : memref<64xi8>
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{'memref.view' op escapes (carried by an op that is not a view), so its live range is unknown}}
  %a = memref.view %arena[%c0][] {dlc.buffer = 0 : i64} : memref<64xi8> to memref<16xf32>
  %s = arith.select %c, %a, %x : memref<16xf32>
  return %s : memref<16xf32>
}
