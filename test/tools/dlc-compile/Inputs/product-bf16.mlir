// A bf16 product big enough for the tensor-core kernel (gpu-options.test).
func.func @product(%a: tensor<128x128xbf16>, %b: tensor<128x128xbf16>) -> tensor<128x128xbf16> {
  %c = dlc.matmul %a, %b : (tensor<128x128xbf16>, tensor<128x128xbf16>) -> tensor<128x128xbf16>
  return %c : tensor<128x128xbf16>
}
