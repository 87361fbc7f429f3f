// Verifier errors of dlc.coupling and dlc.yield.
// RUN: dlc-opt %s -split-input-file -verify-diagnostics

func.func @lambda_zero(%x: tensor<4xf32>) {
  // expected-error @+1 {{'dlc.coupling' op 'lambda' must be finite and nonzero (the coupling is inverted by dividing by it), got 0}}
  %y1, %y2 = dlc.coupling %x, %x {lambda = 0.0 : f64, beta = 1.0 : f64} : tensor<4xf32> f {
  ^bb0(%a: tensor<4xf32>):
    dlc.yield %a : tensor<4xf32>
  } g {
  ^bb0(%b: tensor<4xf32>):
    dlc.yield %b : tensor<4xf32>
  }
  return
}

// -----

func.func @beta_nan(%x: tensor<4xf32>) {
  // expected-error @+1 {{'dlc.coupling' op 'beta' must be finite and nonzero}}
  %y1, %y2 = dlc.coupling %x, %x {lambda = 1.0 : f64, beta = 0x7FF8000000000000 : f64} : tensor<4xf32> f {
  ^bb0(%a: tensor<4xf32>):
    dlc.yield %a : tensor<4xf32>
  } g {
  ^bb0(%b: tensor<4xf32>):
    dlc.yield %b : tensor<4xf32>
  }
  return
}

// -----

func.func @argument_type(%x: tensor<4xf32>) {
  // expected-error @+1 {{'dlc.coupling' op region 'g' must take one argument of the streams' type 'tensor<4xf32>', got 'tensor<4xf16>'}}
  %y1, %y2 = dlc.coupling %x, %x {lambda = 1.0 : f64, beta = 1.0 : f64} : tensor<4xf32> f {
  ^bb0(%a: tensor<4xf32>):
    dlc.yield %a : tensor<4xf32>
  } g {
  ^bb0(%b: tensor<4xf16>):
    %c = dlc.convert %b : tensor<4xf16> to tensor<4xf32>
    dlc.yield %c : tensor<4xf32>
  }
  return
}

// -----

func.func @yield_type(%x: tensor<4xf32>) {
  // expected-error @+1 {{'dlc.coupling' op region 'f' yields 'tensor<4xf16>' but the streams are 'tensor<4xf32>'}}
  %y1, %y2 = dlc.coupling %x, %x {lambda = 1.0 : f64, beta = 1.0 : f64} : tensor<4xf32> f {
  ^bb0(%a: tensor<4xf32>):
    %c = dlc.convert %a : tensor<4xf32> to tensor<4xf16>
    dlc.yield %c : tensor<4xf16>
  } g {
  ^bb0(%b: tensor<4xf32>):
    dlc.yield %b : tensor<4xf32>
  }
  return
}

// -----

func.func @nested(%x: tensor<4xf32>) {
  %y1, %y2 = dlc.coupling %x, %x {lambda = 1.0 : f64, beta = 1.0 : f64} : tensor<4xf32> f {
  ^bb0(%a: tensor<4xf32>):
    // expected-error @+1 {{'dlc.coupling' op is inside region 'f' of a 'dlc.coupling', which holds plain ops without regions (couplings do not nest)}}
    %i1, %i2 = dlc.coupling %a, %a {lambda = 1.0 : f64, beta = 1.0 : f64} : tensor<4xf32> f {
    ^bb0(%c: tensor<4xf32>):
      dlc.yield %c : tensor<4xf32>
    } g {
    ^bb0(%d: tensor<4xf32>):
      dlc.yield %d : tensor<4xf32>
    }
    dlc.yield %i1 : tensor<4xf32>
  } g {
  ^bb0(%b: tensor<4xf32>):
    dlc.yield %b : tensor<4xf32>
  }
  return
}

// -----

func.func @streams_differ(%x: tensor<4xf32>, %z: tensor<4xf16>) {
  // expected-error @+1 {{'dlc.coupling' op failed to verify that all of {x1, x2, y1, y2} have same type}}
  %y1, %y2 = "dlc.coupling"(%x, %z) ({
  ^bb0(%a: tensor<4xf32>):
    dlc.yield %a : tensor<4xf32>
  }, {
  ^bb0(%b: tensor<4xf32>):
    dlc.yield %b : tensor<4xf32>
  }) {lambda = 1.0 : f64, beta = 1.0 : f64} : (tensor<4xf32>, tensor<4xf16>) -> (tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @yield_outside(%x: tensor<4xf32>) {
  // expected-error @+1 {{'dlc.yield' op expects parent op 'dlc.coupling'}}
  dlc.yield %x : tensor<4xf32>
}
