package main

var keep [][]byte

func main() {
	for {
		keep = append(keep, make([]byte, 64<<20))
		for i := 0; i < 64<<20; i += 4096 {
			keep[len(keep)-1][i] = 1
		}
	}
}
