// Malformed .npy inputs: dlc-run (the runtime's .npy reader, runtime/lib/Npy.cpp)
// refuses each with exit status 1 and a message that names the file and what
// is wrong with it, before it allocates anything from the header's numbers
// (a header may claim any size; the file's size is what it holds) and before
// the step is compiled. exit-status.py prints the exact status after the
// output, so that a crash or another status fails the check. npy.py writes a
// .npy file with any header, right or wrong.
// RUN: rm -rf %t && mkdir -p %t

// An empty file.
// RUN: mkdir -p %t/EMPTY
// RUN: printf '' > %t/EMPTY/arg0.npy
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/EMPTY | FileCheck %s --check-prefix=EMPTY
// EMPTY: dlc-run: error: '{{.*}}/EMPTY/arg0.npy' is empty, not a .npy file{{$}}
// EMPTY-NEXT: exit status 1

// Not a .npy file.
// RUN: mkdir -p %t/MAGIC
// RUN: printf 'PK\x03\x04' > %t/MAGIC/arg0.npy
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/MAGIC | FileCheck %s --check-prefix=MAGIC
// MAGIC: dlc-run: error: '{{.*}}/MAGIC/arg0.npy' is not a .npy file (bad magic){{$}}
// MAGIC-NEXT: exit status 1

// A file that ends after the magic.
// RUN: mkdir -p %t/NOLEN
// RUN: printf '\x93NUMPY\x01\x00' > %t/NOLEN/arg0.npy
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/NOLEN | FileCheck %s --check-prefix=NOLEN
// NOLEN: dlc-run: error: '{{.*}}/NOLEN/arg0.npy' is truncated in its header length{{$}}
// NOLEN-NEXT: exit status 1

// An unknown format version.
// RUN: mkdir -p %t/VERSION
// RUN: printf '\x93NUMPY\x04\x00\x10\x00' > %t/VERSION/arg0.npy
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/VERSION | FileCheck %s --check-prefix=VERSION
// VERSION: dlc-run: error: '{{.*}}/VERSION/arg0.npy' has unsupported .npy version 4.0 (1.0, 2.0 and 3.0 are read){{$}}
// VERSION-NEXT: exit status 1

// A header longer than the file.
// RUN: mkdir -p %t/HEADERCUT
// RUN: %python %S/Inputs/npy.py %t/HEADERCUT/arg0.npy "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }" "0" "1" "1000"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/HEADERCUT | FileCheck %s --check-prefix=HEADERCUT
// HEADERCUT: dlc-run: error: '{{.*}}/HEADERCUT/arg0.npy' is truncated in its header: it claims 1000 bytes of header, the file has 57 after the header length{{$}}
// HEADERCUT-NEXT: exit status 1

// A 4 GiB header in a version 2 file.
// RUN: mkdir -p %t/HEADERHUGE
// RUN: %python %S/Inputs/npy.py %t/HEADERHUGE/arg0.npy "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }" "16" "2" "4294967295"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/HEADERHUGE | FileCheck %s --check-prefix=HEADERHUGE
// HEADERHUGE: dlc-run: error: '{{.*}}/HEADERHUGE/arg0.npy' claims a header of 4294967295 bytes; no .npy header is longer than 1048576 bytes{{$}}
// HEADERHUGE-NEXT: exit status 1

// A header that is not a dict.
// RUN: mkdir -p %t/NOTDICT
// RUN: %python %S/Inputs/npy.py %t/NOTDICT/arg0.npy "[4]" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/NOTDICT | FileCheck %s --check-prefix=NOTDICT
// NOTDICT: dlc-run: error: '{{.*}}/NOTDICT/arg0.npy' has a malformed .npy header: expected '{' (a .npy header is a Python dict) at byte 0, found '[4]'{{$}}
// NOTDICT-NEXT: exit status 1

// No descr.
// RUN: mkdir -p %t/NODESCR
// RUN: %python %S/Inputs/npy.py %t/NODESCR/arg0.npy "{'fortran_order': False, 'shape': (4,), }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/NODESCR | FileCheck %s --check-prefix=NODESCR
// NODESCR: dlc-run: error: '{{.*}}/NODESCR/arg0.npy' has a malformed .npy header: no 'descr' key{{$}}
// NODESCR-NEXT: exit status 1

// No shape.
// RUN: mkdir -p %t/NOSHAPE
// RUN: %python %S/Inputs/npy.py %t/NOSHAPE/arg0.npy "{'descr': '<f4', 'fortran_order': False, }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/NOSHAPE | FileCheck %s --check-prefix=NOSHAPE
// NOSHAPE: dlc-run: error: '{{.*}}/NOSHAPE/arg0.npy' has a malformed .npy header: no 'shape' key{{$}}
// NOSHAPE-NEXT: exit status 1

// No fortran_order.
// RUN: mkdir -p %t/NOORDER
// RUN: %python %S/Inputs/npy.py %t/NOORDER/arg0.npy "{'descr': '<f4', 'shape': (4,), }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/NOORDER | FileCheck %s --check-prefix=NOORDER
// NOORDER: dlc-run: error: '{{.*}}/NOORDER/arg0.npy' has a malformed .npy header: no 'fortran_order' key{{$}}
// NOORDER-NEXT: exit status 1

// An unknown key.
// RUN: mkdir -p %t/KEY
// RUN: %python %S/Inputs/npy.py %t/KEY/arg0.npy "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), 'strides': (4,), }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/KEY | FileCheck %s --check-prefix=KEY
// KEY: dlc-run: error: '{{.*}}/KEY/arg0.npy' has a malformed .npy header: unknown key 'strides' (a .npy header has descr, fortran_order and shape){{$}}
// KEY-NEXT: exit status 1

// A key given twice.
// RUN: mkdir -p %t/TWICE
// RUN: %python %S/Inputs/npy.py %t/TWICE/arg0.npy "{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (4,), }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/TWICE | FileCheck %s --check-prefix=TWICE
// TWICE: dlc-run: error: '{{.*}}/TWICE/arg0.npy' has a malformed .npy header: key 'descr' given twice{{$}}
// TWICE-NEXT: exit status 1

// A dtype without quotes.
// RUN: mkdir -p %t/UNQUOTED
// RUN: %python %S/Inputs/npy.py %t/UNQUOTED/arg0.npy "{'descr': <f4, 'fortran_order': False, 'shape': (4,), }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/UNQUOTED | FileCheck %s --check-prefix=UNQUOTED
// UNQUOTED: dlc-run: error: '{{.*}}/UNQUOTED/arg0.npy' has a malformed .npy header: expected a quoted dtype after 'descr' at byte 10, found '<f4, 'fortran_order''{{$}}
// UNQUOTED-NEXT: exit status 1

// An unsupported dtype.
// RUN: mkdir -p %t/BOOL
// RUN: %python %S/Inputs/npy.py %t/BOOL/arg0.npy "{'descr': '|b1', 'fortran_order': False, 'shape': (4,), }" "4"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/BOOL | FileCheck %s --check-prefix=BOOL
// BOOL: dlc-run: error: '{{.*}}/BOOL/arg0.npy' has dtype '|b1'; supported: <f2, <f4, <f8, <i4, <i8{{$}}
// BOOL-NEXT: exit status 1

// Big-endian floats.
// RUN: mkdir -p %t/BIGENDIAN
// RUN: %python %S/Inputs/npy.py %t/BIGENDIAN/arg0.npy "{'descr': '>f4', 'fortran_order': False, 'shape': (4,), }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/BIGENDIAN | FileCheck %s --check-prefix=BIGENDIAN
// BIGENDIAN: dlc-run: error: '{{.*}}/BIGENDIAN/arg0.npy' has dtype '>f4'; supported: <f2, <f4, <f8, <i4, <i8{{$}}
// BIGENDIAN-NEXT: exit status 1

// Fortran order.
// RUN: mkdir -p %t/FORTRAN
// RUN: %python %S/Inputs/npy.py %t/FORTRAN/arg0.npy "{'descr': '<f4', 'fortran_order': True, 'shape': (4,), }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/FORTRAN | FileCheck %s --check-prefix=FORTRAN
// FORTRAN: dlc-run: error: '{{.*}}/FORTRAN/arg0.npy' is in Fortran order; write it in C order{{$}}
// FORTRAN-NEXT: exit status 1

// An order that is not True or False.
// RUN: mkdir -p %t/ORDERWORD
// RUN: %python %S/Inputs/npy.py %t/ORDERWORD/arg0.npy "{'descr': '<f4', 'fortran_order': 0, 'shape': (4,), }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/ORDERWORD | FileCheck %s --check-prefix=ORDERWORD
// ORDERWORD: dlc-run: error: '{{.*}}/ORDERWORD/arg0.npy' has a malformed .npy header: expected True or False after 'fortran_order' at byte 34, found '0, 'shape': (4,), }'{{$}}
// ORDERWORD-NEXT: exit status 1

// A shape that is a list.
// RUN: mkdir -p %t/LIST
// RUN: %python %S/Inputs/npy.py %t/LIST/arg0.npy "{'descr': '<f4', 'fortran_order': False, 'shape': [4], }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/LIST | FileCheck %s --check-prefix=LIST
// LIST: dlc-run: error: '{{.*}}/LIST/arg0.npy' has a malformed .npy header: expected a tuple after 'shape' at byte 50, found '[4], }'{{$}}
// LIST-NEXT: exit status 1

// A negative dimension.
// RUN: mkdir -p %t/NEGDIM
// RUN: %python %S/Inputs/npy.py %t/NEGDIM/arg0.npy "{'descr': '<f4', 'fortran_order': False, 'shape': (-4,), }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/NEGDIM | FileCheck %s --check-prefix=NEGDIM
// NEGDIM: dlc-run: error: '{{.*}}/NEGDIM/arg0.npy' has a malformed .npy header: the shape has a negative dimension at byte 51{{$}}
// NEGDIM-NEXT: exit status 1

// A dimension that is not a number.
// RUN: mkdir -p %t/WORDDIM
// RUN: %python %S/Inputs/npy.py %t/WORDDIM/arg0.npy "{'descr': '<f4', 'fortran_order': False, 'shape': (4a,), }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/WORDDIM | FileCheck %s --check-prefix=WORDDIM
// WORDDIM: dlc-run: error: '{{.*}}/WORDDIM/arg0.npy' has a malformed .npy header: expected ',' or ')' in the shape at byte 52, found 'a,), }'{{$}}
// WORDDIM-NEXT: exit status 1

// An empty dimension.
// RUN: mkdir -p %t/EMPTYDIM
// RUN: %python %S/Inputs/npy.py %t/EMPTYDIM/arg0.npy "{'descr': '<f4', 'fortran_order': False, 'shape': (4,,), }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/EMPTYDIM | FileCheck %s --check-prefix=EMPTYDIM
// EMPTYDIM: dlc-run: error: '{{.*}}/EMPTYDIM/arg0.npy' has a malformed .npy header: expected a dimension or ')' in the shape at byte 53, found ',), }'{{$}}
// EMPTYDIM-NEXT: exit status 1

// A shape that is not closed.
// RUN: mkdir -p %t/OPEN
// RUN: %python %S/Inputs/npy.py %t/OPEN/arg0.npy "{'descr': '<f4', 'fortran_order': False, 'shape': (4" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/OPEN | FileCheck %s --check-prefix=OPEN
// OPEN: dlc-run: error: '{{.*}}/OPEN/arg0.npy' has a malformed .npy header: expected ',' or ')' in the shape at byte 52, found the end{{$}}
// OPEN-NEXT: exit status 1

// A dimension past int64.
// RUN: mkdir -p %t/BIGDIM
// RUN: %python %S/Inputs/npy.py %t/BIGDIM/arg0.npy "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/BIGDIM | FileCheck %s --check-prefix=BIGDIM
// BIGDIM: dlc-run: error: '{{.*}}/BIGDIM/arg0.npy' has a malformed .npy header: dimension 0 of the shape, 99999999999999999999, does not fit in int64{{$}}
// BIGDIM-NEXT: exit status 1

// A shape whose bytes wrap.
// RUN: mkdir -p %t/WRAP
// RUN: %python %S/Inputs/npy.py %t/WRAP/arg0.npy "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904,), }" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/WRAP | FileCheck %s --check-prefix=WRAP
// WRAP: dlc-run: error: '{{.*}}/WRAP/arg0.npy' has shape (4611686018427387904,) of <f4, whose bytes do not fit in int64{{$}}
// WRAP-NEXT: exit status 1

// Data one byte short.
// RUN: mkdir -p %t/SHORT
// RUN: %python %S/Inputs/npy.py %t/SHORT/arg0.npy "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }" "15"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/SHORT | FileCheck %s --check-prefix=SHORT
// SHORT: dlc-run: error: '{{.*}}/SHORT/arg0.npy' is truncated: its shape (4,) of <f4 takes 16 bytes of data, the file has 15 after its header{{$}}
// SHORT-NEXT: exit status 1

// Data one byte long.
// RUN: mkdir -p %t/LONG
// RUN: %python %S/Inputs/npy.py %t/LONG/arg0.npy "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }" "17"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/LONG | FileCheck %s --check-prefix=LONG
// LONG: dlc-run: error: '{{.*}}/LONG/arg0.npy' is longer than its header says: its shape (4,) of <f4 takes 16 bytes of data, the file has 17 after its header{{$}}
// LONG-NEXT: exit status 1

// Text after the dict.
// RUN: mkdir -p %t/AFTER
// RUN: %python %S/Inputs/npy.py %t/AFTER/arg0.npy "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), } x" "16"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/AFTER | FileCheck %s --check-prefix=AFTER
// AFTER: dlc-run: error: '{{.*}}/AFTER/arg0.npy' has a malformed .npy header: expected only padding after the dict at byte 58, found 'x'{{$}}
// AFTER-NEXT: exit status 1

// An i64 value that does not fit the i32 argument.
// RUN: mkdir -p %t/RANGE
// RUN: %python %S/Inputs/npy.py %t/RANGE/arg0.npy "{'descr': '<i8', 'fortran_order': False, 'shape': (4,), }" "i64:1,2,3,4294967296"
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=ids --inputs=%t/RANGE | FileCheck %s --check-prefix=RANGE
// RANGE: dlc-run: error: '{{.*}}/RANGE/arg0.npy' holds 4294967296 at element 3, which does not fit the i32 that is needed{{$}}
// RANGE-NEXT: exit status 1

// A directory where the file should be.
// RUN: mkdir -p %t/DIR
// RUN: mkdir -p %t/DIR/arg0.npy
// RUN: %python %S/../dlc-exec/Inputs/exit-status.py dlc-run %s --entry=one --inputs=%t/DIR | FileCheck %s --check-prefix=DIR
// DIR: dlc-run: error: cannot read '{{.*}}/DIR/arg0.npy': not a regular file{{$}}
// DIR-NEXT: exit status 1
// The reproducer c08 (a 104-byte header claiming 10^12 elements; before, an
// allocation of 4 TB and "LLVM ERROR: out of memory") is in reproducers.test.

// What NumPy writes in other ways is read: format 2.0, double quotes, no
// trailing comma, integers converted to the argument's width when they fit,
// and an array of no elements, which is valid and holds no data.
// RUN: mkdir -p %t/v2 %t/quotes %t/narrow %t/none
// RUN: %python %S/Inputs/npy.py %t/v2/arg0.npy "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }     \n" 32 2
// RUN: dlc-run %s --entry=one --inputs=%t/v2 | FileCheck %s --check-prefix=READ
// RUN: %python %S/Inputs/npy.py %t/quotes/arg0.npy '{"descr": "<f4", "fortran_order": False, "shape": (4,)}' 16
// RUN: dlc-run %s --entry=one --inputs=%t/quotes | FileCheck %s --check-prefix=READ
// READ: result #0: tensor<4xf32>: min
// RUN: %python %S/Inputs/npy.py %t/narrow/arg0.npy "{'descr': '<i8', 'fortran_order': False, 'shape': (4,), }" i64:1,-2,2147483647,-2147483648
// RUN: dlc-run %s --entry=ids --inputs=%t/narrow | FileCheck %s --check-prefix=NARROW
// NARROW: result #0: tensor<2x2xi32>: min -2.14748e+09 max 2.14748e+09 mean -0.5 
// RUN: %python %S/Inputs/npy.py %t/none/arg0.npy "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4), }" 0
// RUN: dlc-run %s --entry=empty --inputs=%t/none | FileCheck %s --check-prefix=NONE
// NONE: result #0: tensor<0x4xf32>: no elements

func.func @one(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = dlc.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

func.func @ids(%x: tensor<4xi32>) -> tensor<2x2xi32> {
  %0 = dlc.reshape %x : (tensor<4xi32>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

func.func @empty(%w: tensor<0x4xf32> {dlc.param}) -> tensor<0x4xf32> {
  %0 = dlc.relu %w : tensor<0x4xf32>
  return %0 : tensor<0x4xf32>
}
