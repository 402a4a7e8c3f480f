// Steps 1-4: the finished program.
package main

import "fmt"

// entry is one user's token and the time it expires at.
type entry struct {
	Token  string
	Expiry int
}

// tokens holds pointers so that a function can update an entry in place.
var tokens = map[string]*entry{
	"alice": {Token: "abc123", Expiry: 100},
	"bob":   {Token: "def456", Expiry: 200},
	"carol": {Token: "ghi789", Expiry: 60},
}

// currentTime is the time tokens are checked against.
var currentTime = 120

// refreshToken renews the user's token if it has expired; otherwise it does
// nothing. It reports whether it renewed the token.
func refreshToken(user string) bool {
	t := tokens[user]
	if t.Expiry < currentTime {
		t.Token = "newtoken123"
		t.Expiry = currentTime + 100
		return true
	}
	return false
}

// main refreshes alice's token and prints it, or says it is still valid.
func main() {
	if refreshToken("alice") {
		fmt.Println("Refreshed token for alice: " + tokens["alice"].Token)
	} else {
		fmt.Printf("Token for alice is still valid: %s (expires at %d)\n", tokens["alice"].Token, tokens["alice"].Expiry)
	}
}
