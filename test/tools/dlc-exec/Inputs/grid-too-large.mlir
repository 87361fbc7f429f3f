func.func @f(%x: tensor<8796093022208xf32>) -> tensor<8796093022208xf32> {
  %0 = dlc.relu %x : tensor<8796093022208xf32>
  return %0 : tensor<8796093022208xf32>
}
