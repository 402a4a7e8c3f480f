package solution

func main() {}
