// The artifact ends its manifest with the FNV-1a 64 checksum of every other
// byte of the file (header, manifest, end line, blobs), which the runtime
// compares after reading the whole file and before it opens the driver: a
// flipped bit anywhere is refused as "checksum mismatch" instead of reaching
// the driver (a damaged kernel) or running with a wrong offset.
// RUN: dlc-compile %s -o %t.dlcx
// RUN: sed '/^end$/q' %t.dlcx | FileCheck %s --check-prefix=MANIFEST
// MANIFEST: DLCX 4
// MANIFEST: launches [[N:[0-9]+]]
// MANIFEST: checksum fnv1a64 {{[0-9a-f]{16}$}}
// MANIFEST-NEXT: end

// The artifact as written passes every check: without a GPU the run stops
// at the driver (exit status 3).
// RUN: %if !cuda-gpu %{ %python %S/Inputs/exit-status.py dlc-exec %t.dlcx | FileCheck %s --check-prefix=INTACT %}
// INTACT: dlc-exec: no CUDA driver
// INTACT-NEXT: exit status 3
// The sanitizer layout (each buffer its own allocation) reads the same
// artifact; on a GPU it runs it.
// RUN: %if !cuda-gpu %{ %python %S/Inputs/exit-status.py dlc-exec %t.dlcx --separate-buffers | FileCheck %s --check-prefix=INTACT %}
// RUN: %if cuda-gpu %{ dlc-exec %t.dlcx --separate-buffers --warmup 0 --repeat 1 %}

// One bit flipped in the kernels' PTX (the last blob), one in a launch's
// pointer offset (p1+0 to p1+1: still a valid manifest), another checksum.
// RUN: cp %t.dlcx %t.kernel && %python %S/Inputs/flip.py %t.kernel -40
// RUN: %python %S/Inputs/exit-status.py dlc-exec %t.kernel | FileCheck %s --check-prefix=KERNEL
// KERNEL: dlc-exec: '{{.*}}.kernel' is not a valid dlc artifact: checksum mismatch: the manifest says {{[0-9a-f]+}}, the contents hash to {{[0-9a-f]+}}; the file is damaged or was edited{{$}}
// KERNEL-NOT: CUDA
// KERNEL: exit status 1
// RUN: cp %t.dlcx %t.offset && %python %S/Inputs/flip.py %t.offset at:p1+0 3
// RUN: grep -q 'p1+1' %t.offset
// RUN: %python %S/Inputs/exit-status.py dlc-exec %t.offset | FileCheck %s --check-prefix=OFFSET
// OFFSET: is not a valid dlc artifact: checksum mismatch
// OFFSET-NEXT: exit status 1
// RUN: sed 's/^checksum fnv1a64 .*/checksum fnv1a64 0123456789abcdef/' %t.dlcx > %t.sum
// RUN: %python %S/Inputs/exit-status.py dlc-exec %t.sum | FileCheck %s --check-prefix=SUM
// SUM: is not a valid dlc artifact: checksum mismatch
// SUM-NEXT: exit status 1

// seal.py writes the right checksum into a hand-made artifact, to reach the
// checks made after the checksum: what the modules hold.
// RUN: printf 'DLCX 4\nfunction f\ntarget sm_90\nbuffers 0\nstep none\nupdates 0\nmodules 1\nmodule 0 cubin 4\nkernels 0\nlaunches 0\nchecksum fnv1a64 0000000000000000\nend\nELF!' > %t.cubin
// RUN: %python %S/Inputs/seal.py %t.cubin
// RUN: %python %S/Inputs/exit-status.py dlc-exec %t.cubin | FileCheck %s --check-prefix=CUBIN
// CUBIN: dlc-exec: '{{.*}}.cubin' is not a valid dlc artifact: module 0 (line 8) is a cubin but not an ELF file{{$}}
// CUBIN-NEXT: exit status 1
// RUN: printf 'DLCX 4\nfunction f\ntarget sm_90\nbuffers 0\nstep none\nupdates 0\nmodules 1\nmodule 0 ptx 4\nkernels 0\nlaunches 0\nchecksum fnv1a64 0000000000000000\nend\np\000x\n' > %t.nul
// RUN: %python %S/Inputs/seal.py %t.nul
// RUN: %python %S/Inputs/exit-status.py dlc-exec %t.nul | FileCheck %s --check-prefix=NUL
// NUL: dlc-exec: '{{.*}}.nul' is not a valid dlc artifact: module 0 (line 8) is PTX text but holds a NUL byte at offset 1{{$}}
// NUL-NEXT: exit status 1

// What the format allows, hand-made: a feature target (sm_90a), an argument
// of no elements, a buffer of unknown dtype, a global with its data, a view
// at the very end of a buffer, every scalar kind. It reaches the driver.
// RUN: printf 'DLCX 4\nfunction f\ntarget sm_90a\nbuffers 4\nbuffer 0 param 0 f32 0x4 0 0\nbuffer 1 output 0 f16 2x3 12 0\nbuffer 2 scratch -1 ? 7 7 0\nbuffer 3 global -1 i32 scalar 4 4\nstep none\nupdates 0\nmodules 1\nmodule 0 ptx 4\nkernels 1\nkernel 0 0 k\nlaunches 1\nlaunch 0 2147483647 65535 1 1024 1 1 49152 9 p0+0 p1+12 p3+0 i32:-2147483648 i64:-9223372036854775808 f16:0x3c00 bf16:0x3f80 f32:0x3f800000 f64:0x3ff0000000000000\nchecksum fnv1a64 0000000000000000\nend\nptx\nDATA' > %t.allowed
// RUN: %python %S/Inputs/seal.py %t.allowed
// RUN: %if !cuda-gpu %{ %python %S/Inputs/exit-status.py dlc-exec %t.allowed | FileCheck %s --check-prefix=ALLOWED %}
// ALLOWED: dlc-exec: no CUDA driver
// ALLOWED-NEXT: exit status 3

func.func @f(%x: tensor<4x8xf32>, %y: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = dlc.add %x, %y : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %1 = dlc.relu %0 : tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}
