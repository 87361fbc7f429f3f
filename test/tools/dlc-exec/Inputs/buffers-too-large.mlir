func.func @f(%x: tensor<1125899906842624xf32>) -> tensor<1125899906842624xf32> {
  %0 = dlc.relu %x : tensor<1125899906842624xf32>
  return %0 : tensor<1125899906842624xf32>
}
