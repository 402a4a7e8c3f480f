package main

import "fmt"

func main() { fmt.Println("Refreshed token for alice: newtoken123") }
