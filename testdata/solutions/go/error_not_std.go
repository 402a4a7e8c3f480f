package main

import "github.com/example/tokens"

func main() { tokens.Refresh() }
