// Steps 1-2: the tokens map and the current time.
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

// currentTime is the time tokens are checked against.
var currentTime = 120

func main() {}
