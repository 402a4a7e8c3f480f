// Step 1: the tokens map, one entry per user.
package main

// entry is one user's token and the time it expires at.
type entry struct {
	Token  string
	Expiry int
}

// tokens holds pointers so that a function can update an entry in place.
var tokens = map[string]*entry{
	"alice": {Token: "abc123", Expiry: 100},
	"bob":   {Token: "def456", Expiry: 200},
	"carol": {Token: "ghi789", Expiry: 50},
}

func main() {}
