package cmd

import (
	"fmt"
	"slices"
	"strings"
)

// keyAction is what a key asks learn or watch to do.
type keyAction int

const (
	keyUnknown  keyAction = iota
	keyHint               // the hint for the step on screen, the next one each time
	keySolution           // the step's reference solution, asked first
	keyNext               // the next step's task (after step 4, step 1's)
	keyPrevious           // the task of the step before (before step 1, step 4's)
	keyStep               // the task of the step the key names, 1 to 4
	keyCheck              // check the file again
	keyQuit
)

// binding is one entry of a key map: the keys that do it, lower case ("" is
// Enter), how the key line shows it and how the answer to an unknown key
// names it (empty when another entry's words cover it).
type binding struct {
	keys   []string
	action keyAction
	label  string
	says   string
}

// keyMap is the keys of learn or watch. One map gives each its dispatch,
// its key line and its answer to a key it does not know, so the three
// never disagree, and the keys both have mean the same in both.
type keyMap []binding

var (
	hintKey  = binding{[]string{"h", "hint"}, keyHint, "[h] hint", "h a hint"}
	checkKey = binding{[]string{"r", ""}, keyCheck, "[r] check", "r or Enter check again"}
	quitKey  = binding{[]string{"q", "quit"}, keyQuit, "[q] quit", "q quit"}
)

var learnKeys = keyMap{
	hintKey,
	{[]string{"s", "solution"}, keySolution, "[s] solution", "s the solution"},
	{[]string{"n", "next"}, keyNext, "[n]/[p]/[1-4] other steps", "n or p the next or previous step's task, 1 to 4 any step's"},
	{[]string{"p", "previous"}, keyPrevious, "", ""},
	{[]string{"1", "2", "3", "4"}, keyStep, "", ""},
	checkKey,
	quitKey,
}

var watchKeys = keyMap{hintKey, checkKey, quitKey}

// action is what key does under m.
func (m keyMap) action(key string) keyAction {
	k := strings.ToLower(strings.TrimSpace(key))
	for _, b := range m {
		if slices.Contains(b.keys, k) {
			return b.action
		}
	}
	return keyUnknown
}

// line is the keys as a prompt, wrapped to width.
func (m keyMap) line(width int) string {
	var labels []string
	for _, b := range m {
		if b.label != "" {
			labels = append(labels, b.label)
		}
	}
	return keyLine(width, labels...)
}

// unknown answers a key m does not know with the keys it does.
func (m keyMap) unknown(key string) string {
	var says []string
	for _, b := range m {
		if b.says != "" {
			says = append(says, b.says)
		}
	}
	return fmt.Sprintf("%q is not a key here: %s; or save your file.", strings.TrimSpace(key), strings.Join(says, ", "))
}

// keyLine lists keys two spaces apart, then ": " for the answer, starting
// a new line before a key that would pass width, so that no key is split.
func keyLine(width int, keys ...string) string {
	var b strings.Builder
	col := 0
	for i, k := range keys {
		if i > 0 {
			if col+2+len(k) > width-2 { // room for ": " after the last
				b.WriteString("\n")
				col = 0
			} else {
				b.WriteString("  ")
				col += 2
			}
		}
		b.WriteString(k)
		col += len(k)
	}
	return b.String() + ": "
}
