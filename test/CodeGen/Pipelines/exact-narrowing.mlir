// dlc-exact-narrowing, a stage of both pipelines' loop lowering: a truncf
// from f64 to a type narrower than f32 goes through f32 rounded to odd
// (truncated toward zero, the last bit set when the f32 is inexact), then to
// the narrow type, element by element for vectors; f64 to f32, f32 to bf16
// and explicit rounding modes are left alone.
// RUN: dlc-opt %s --dlc-exact-narrowing --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @to_bf16(
// CHECK-SAME:    %[[X:[^:]+]]: f64
// CHECK-DAG:     %[[ONE:.+]] = arith.constant 1 : i32
// CHECK:         %[[N:.+]] = arith.truncf %[[X]] : f64 to f32
// CHECK:         %[[B:.+]] = arith.extf %[[N]] : f32 to f64
// CHECK:         %[[INEXACT:.+]] = arith.cmpf une, %[[B]], %[[X]] : f64
// CHECK:         %[[AB:.+]] = math.absf %[[B]] : f64
// CHECK:         %[[AX:.+]] = math.absf %[[X]] : f64
// CHECK:         %[[ABOVE:.+]] = arith.cmpf ogt, %[[AB]], %[[AX]] : f64
// CHECK:         %[[BITS:.+]] = arith.bitcast %[[N]] : f32 to i32
// CHECK:         %[[DOWN:.+]] = arith.subi %[[BITS]], %[[ONE]] : i32
// CHECK:         %[[TZ:.+]] = arith.select %[[ABOVE]], %[[DOWN]], %[[BITS]] : i32
// CHECK:         %[[OR:.+]] = arith.ori %[[TZ]], %[[ONE]] : i32
// CHECK:         %[[ODD:.+]] = arith.select %[[INEXACT]], %[[OR]], %[[TZ]] : i32
// CHECK:         %[[R:.+]] = arith.bitcast %[[ODD]] : i32 to f32
// CHECK:         %[[OUT:.+]] = arith.truncf %[[R]] : f32 to bf16
// CHECK:         return %[[OUT]]
func.func @to_bf16(%x: f64) -> bf16 {
  %y = arith.truncf %x : f64 to bf16
  return %y : bf16
}

// -----

// CHECK-LABEL: func.func @to_f16(
// CHECK:         arith.truncf %{{.+}} : f64 to f32
// CHECK:         arith.truncf %{{.+}} : f32 to f16
// CHECK-NOT:     f64 to f16
func.func @to_f16(%x: f64) -> f16 {
  %y = arith.truncf %x : f64 to f16
  return %y : f16
}

// -----

// CHECK-LABEL: func.func @vector(
// CHECK:         arith.constant dense<1> : vector<4xi32>
// CHECK:         arith.truncf %{{.+}} : vector<4xf64> to vector<4xf32>
// CHECK:         arith.ori %{{.+}} : vector<4xi32>
// CHECK:         arith.truncf %{{.+}} : vector<4xf32> to vector<4xbf16>
func.func @vector(%v: vector<4xf64>) -> vector<4xbf16> {
  %d = arith.truncf %v : vector<4xf64> to vector<4xbf16>
  return %d : vector<4xbf16>
}

// -----

// CHECK-LABEL: func.func @left_alone(
// CHECK-NEXT:    %[[A:.+]] = arith.truncf %{{.+}} : f64 to f32
// CHECK-NEXT:    %[[B:.+]] = arith.truncf %{{.+}} : f32 to bf16
// CHECK-NEXT:    %[[C:.+]] = arith.truncf %{{.+}} to_nearest_away : f64 to bf16
// CHECK-NEXT:    return %[[A]], %[[B]], %[[C]]
func.func @left_alone(%x: f64, %y: f32) -> (f32, bf16, bf16) {
  %a = arith.truncf %x : f64 to f32
  %b = arith.truncf %y : f32 to bf16
  %c = arith.truncf %x to_nearest_away : f64 to bf16
  return %a, %b, %c : f32, bf16, bf16
}
