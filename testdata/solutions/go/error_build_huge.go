package main

var big = [1 << 28]byte{1: 1, 1<<28 - 1: 1}

func main() { println(big[1]) }
