// Only step 1: the map. The file runs as it is.
package main

type entry struct {
	Token  string
	Expiry int
}

var tokens = map[string]*entry{
	"alice": {Token: "abc123", Expiry: 100},
	"bob":   {Token: "def456", Expiry: 200},
	"carol": {Token: "ghi789", Expiry: 50},
}

func main() {}
