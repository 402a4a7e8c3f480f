// The build itself as the attack: each line doubles the instantiations the
// compiler must make (about 17 s to build, and twice that with a line more).
package main

type A[T any] struct{ a T }

type B[T any] struct {
	a T
	b byte
}

func g1[T any](x T)  { g2(A[T]{x}); g2(B[T]{x, 0}) }
func g2[T any](x T)  { g3(A[T]{x}); g3(B[T]{x, 0}) }
func g3[T any](x T)  { g4(A[T]{x}); g4(B[T]{x, 0}) }
func g4[T any](x T)  { g5(A[T]{x}); g5(B[T]{x, 0}) }
func g5[T any](x T)  { g6(A[T]{x}); g6(B[T]{x, 0}) }
func g6[T any](x T)  { g7(A[T]{x}); g7(B[T]{x, 0}) }
func g7[T any](x T)  { g8(A[T]{x}); g8(B[T]{x, 0}) }
func g8[T any](x T)  { g9(A[T]{x}); g9(B[T]{x, 0}) }
func g9[T any](x T)  { g10(A[T]{x}); g10(B[T]{x, 0}) }
func g10[T any](x T) { g11(A[T]{x}); g11(B[T]{x, 0}) }
func g11[T any](x T) { g12(A[T]{x}); g12(B[T]{x, 0}) }
func g12[T any](x T) { g13(A[T]{x}); g13(B[T]{x, 0}) }

func g13[T any](x T) { println(&x) }

func main() { g1(0) }
