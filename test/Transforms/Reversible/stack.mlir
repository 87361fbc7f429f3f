// A two-layer stack of two-block layers, as a transformer's: block one is
// r = h + linear(h, w_i), block two o = layer_norm(r + linear(r, v_i)),
// marked {dlc.checkpoint}; a head and a loss. Shared by the tests here.
func.func @stack(%w0: tensor<4x4xf32> {dlc.param}, %v0: tensor<4x4xf32> {dlc.param},
                 %w1: tensor<4x4xf32> {dlc.param}, %v1: tensor<4x4xf32> {dlc.param},
                 %g: tensor<4xf32> {dlc.param}, %b: tensor<4xf32> {dlc.param},
                 %head: tensor<1x4xf32> {dlc.param},
                 %x: tensor<3x4xf32>, %y: tensor<3x1xf32>) -> tensor<f32> {
  %h = dlc.tanh %x : tensor<3x4xf32>
  %a0 = dlc.linear %h, %w0 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %r0 = dlc.add %h, %a0 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %m0 = dlc.linear %r0, %v0 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %s0 = dlc.add %r0, %m0 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %o0 = dlc.layer_norm %s0, %g, %b {epsilon = 1.0e-5 : f64, dlc.checkpoint} : (tensor<3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %a1 = dlc.linear %o0, %w1 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %r1 = dlc.add %o0, %a1 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %m1 = dlc.linear %r1, %v1 : (tensor<3x4xf32>, tensor<4x4xf32>) -> tensor<3x4xf32>
  %s1 = dlc.add %r1, %m1 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %o1 = dlc.layer_norm %s1, %g, %b {epsilon = 1.0e-5 : f64, dlc.checkpoint} : (tensor<3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %p = dlc.linear %o1, %head : (tensor<3x4xf32>, tensor<1x4xf32>) -> tensor<3x1xf32>
  %l = dlc.mse_loss %p, %y : (tensor<3x1xf32>, tensor<3x1xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
