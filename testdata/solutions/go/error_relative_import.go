package main

import "../../../etc"

func main() {}
