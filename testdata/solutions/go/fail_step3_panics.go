// refreshToken looks its user up in a list that misses most of them: it
// panics, and that is step 3's fault.
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

var order = []string{"bob"}

func refreshToken(user string) {
	i := 0
	for order[i] != user {
		i++
	}
	t := tokens[order[i]]
	if t.Expiry < currentTime {
		t.Token = "newtoken123"
		t.Expiry = currentTime + 100
	}
}

func main() {
	refreshToken("alice")
	fmt.Println("Refreshed token for alice: " + tokens["alice"].Token)
}
