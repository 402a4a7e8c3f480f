// Calls refreshToken, then prints the expected line as a literal: run again
// while alice's token is still valid, it still says newtoken123.
package main

import "fmt"

type entry struct {
	Token  string
	Expiry int
}

var tokens = map[string]entry{
	"alice": {"abc123", 100},
	"bob":   {"def456", 200},
	"carol": {"ghi789", 50},
}

var currentTime = 120

func refreshToken(user string) {
	e := tokens[user]
	if e.Expiry < currentTime {
		e.Token = "newtoken123"
		e.Expiry = currentTime + 100
		tokens[user] = e
	}
}

func main() {
	refreshToken("alice")
	fmt.Println("Refreshed token for alice: newtoken123")
}
