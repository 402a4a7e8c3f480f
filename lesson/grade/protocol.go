package grade

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tokenlab/tokenlab/lesson"
)

// The harness's report (see harness.py) comes from the process the
// solution runs in, so every byte of it is untrusted: it is decoded
// strictly, and anything but the exact conversation below is the solution
// interfering with the checker, never a pass.
//
//	harness -> tokenlab  {"msg":"written", ...}: tokens and current_time as
//	                     the source writes them (Python; before it runs)
//	harness -> tokenlab  {"msg":"main", ...} or {"msg":"error", ...}
//	tokenlab -> harness  the reruns and the probes (only after "main")
//	harness -> tokenlab  {"msg":"probes","results":[one per probe]}
//	harness -> tokenlab  {"msg":"reruns", ...}: the program run again with each rerun's values

// errInterfered is a report that is not what the harness writes.
var errInterfered = errors.New("the solution interfered with the checker")

// value is a Python value as the harness saw it: exactly one of an int, a
// str, a plain dict, or anything else by its type's name and repr.
type value struct {
	Int  *int64  `json:"int"`
	Str  *string `json:"str"`
	Dict *[]item `json:"dict"`
	Len  int     `json:"len"`
	Type string  `json:"type"`
	Repr string  `json:"repr"`
}

type item struct {
	Key   value `json:"key"`
	Value value `json:"value"`
}

func (v value) valid() bool {
	kinds := 0
	for _, set := range []bool{v.Int != nil, v.Str != nil, v.Dict != nil, v.Type != ""} {
		if set {
			kinds++
		}
	}
	if kinds != 1 || v.Dict == nil && v.Len != 0 || v.Type == "" && v.Repr != "" {
		return false
	}
	if v.Dict != nil {
		if len(*v.Dict) > 20 || v.Len < len(*v.Dict) {
			return false
		}
		for _, it := range *v.Dict {
			if !it.Key.valid() || !it.Value.valid() {
				return false
			}
		}
	}
	return true
}

// typeName is the Python type of v, as a learner would write it.
func (v value) typeName() string {
	switch {
	case v.Int != nil:
		return "int"
	case v.Str != nil:
		return "str"
	case v.Dict != nil:
		return "dict"
	}
	return v.Type
}

// String shows v as Python would print it, shortened.
func (v value) String() string {
	switch {
	case v.Int != nil:
		return fmt.Sprint(*v.Int)
	case v.Str != nil:
		return pyQuote(*v.Str)
	case v.Dict != nil:
		parts := make([]string, 0, len(*v.Dict))
		for _, it := range *v.Dict {
			parts = append(parts, it.Key.String()+": "+it.Value.String())
		}
		if v.Len > len(parts) {
			parts = append(parts, "...")
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return v.Repr
}

func pyQuote(s string) string {
	if !strings.Contains(s, "'") {
		return "'" + strings.ReplaceAll(s, `\`, `\\`) + "'"
	}
	return fmt.Sprintf("%q", s)
}

// lookup returns the value under the str key k of a dict.
func (v value) lookup(k string) (value, bool) {
	if v.Dict == nil {
		return value{}, false
	}
	for _, it := range *v.Dict {
		if it.Key.Str != nil && *it.Key.Str == k {
			return it.Value, true
		}
	}
	return value{}, false
}

// entry reads user's entry from a tokens dict, and whether it is exactly
// {'token': str, 'expiry': int}.
func (v value) entry(user string) (lesson.Entry, bool) {
	e, ok := v.lookup(user)
	if !ok || e.Dict == nil || e.Len != 2 {
		return lesson.Entry{User: user}, false
	}
	tok, okTok := e.lookup("token")
	exp, okExp := e.lookup("expiry")
	if !okTok || !okExp || tok.Str == nil || exp.Int == nil {
		return lesson.Entry{User: user}, false
	}
	return lesson.Entry{User: user, Token: *tok.Str, Expiry: *exp.Int}, true
}

// equalTokens reports whether v is a plain dict holding exactly want.
func (v value) equalTokens(want lesson.Tokens) bool {
	if v.Dict == nil || v.Len != len(want) {
		return false
	}
	for _, w := range want {
		if e, ok := v.entry(w.User); !ok || e != w {
			return false
		}
	}
	return true
}

type errorMsg struct {
	Msg     string `json:"msg"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
	Line    *int   `json:"line"`
}

type globals struct {
	Tokens      *value `json:"tokens"`
	CurrentTime *value `json:"current_time"`
}

func (g *globals) valid() bool {
	return g != nil && (g.Tokens == nil || g.Tokens.valid()) && (g.CurrentTime == nil || g.CurrentTime.valid())
}

type mainMsg struct {
	Msg          string   `json:"msg"`
	Final        globals  `json:"final"`
	FirstCall    *globals `json:"first_call"`
	RefreshToken string   `json:"refresh_token"`
	// Calls are the users the program's own code called refresh_token
	// with (the first ten).
	Calls []value `json:"calls"`
	// Raised is the exception that stopped the program, when one did: what
	// it had built by then is still checked.
	Raised *raisedMsg `json:"raised"`
}

// raisedMsg is an exception that stopped the program before its end.
type raisedMsg struct {
	Message string `json:"message"`
	Line    *int   `json:"line"`
	// InRefreshToken: it came out of the program's own refresh_token.
	InRefreshToken bool `json:"in_refresh_token"`
}

// stopped says where and how the program stopped.
func (r *raisedMsg) stopped() string {
	if r.Line != nil {
		return fmt.Sprintf("the program stopped at line %d with %s", *r.Line, r.Message)
	}
	return "the program stopped with " + r.Message
}

// callingMsg is said at the program's first call of refresh_token, before
// the call runs: should it never return, steps 1 and 2 are still known.
type callingMsg struct {
	Msg       string   `json:"msg"`
	FirstCall *globals `json:"first_call"`
	User      *value   `json:"user"`
}

func decodeCalling(line []byte) (*callingMsg, error) {
	var c callingMsg
	if decodeStrict(line, &c) != nil || c.Msg != "calling" || !c.FirstCall.valid() || c.User != nil && !c.User.valid() {
		return nil, errInterfered
	}
	return &c, nil
}

func (m *mainMsg) calledWith(user string) bool {
	for _, c := range m.Calls {
		if c.Str != nil && *c.Str == user {
			return true
		}
	}
	return false
}

// built is tokens and current_time as steps 1 and 2 left them: as they were
// when refresh_token was first called, else at the end.
func (m *mainMsg) built() globals {
	if m.FirstCall != nil {
		return *m.FirstCall
	}
	return m.Final
}

// probeable reports whether refresh_token can be probed at all.
func (m *mainMsg) probeable() bool {
	t := m.Final.Tokens
	return m.RefreshToken == "ok" && t != nil && t.Dict != nil
}

type probeResult struct {
	Raised *string `json:"raised"`
	Line   *int    `json:"line"`
	Same   bool    `json:"same"`
	Tokens value   `json:"tokens"`
}

type probesMsg struct {
	Msg     string        `json:"msg"`
	Results []probeResult `json:"results"`
}

// rerunsMsg is what the program did when run again with current_time
// and alice's entry rewritten to each rerun's values.
type rerunsMsg struct {
	Msg string `json:"msg"`
	// Rewritten is false when the program's current_time and alice's
	// entry could not be rewritten, so it was not run again.
	Rewritten bool       `json:"rewritten"`
	Runs      []rerunRun `json:"runs"`
}

type rerunRun struct {
	Output string  `json:"output"` // what it printed, at most maxRerunOutput characters
	Raised *string `json:"raised"`
}

// maxRerunOutput is the most of a rerun's output the harness keeps.
const maxRerunOutput = 500

func (n *rerunsMsg) valid(count int) bool {
	if n.Msg != "reruns" || n.Rewritten && len(n.Runs) != count || !n.Rewritten && len(n.Runs) != 0 {
		return false
	}
	for _, r := range n.Runs {
		if utf8.RuneCountInString(r.Output) > maxRerunOutput || r.Raised != nil && utf8.RuneCountInString(*r.Raised) > 300 {
			return false
		}
	}
	return true
}

// report is what a run of the harness established.
type report struct {
	failure  *errorMsg   // the solution could not run to the end
	calling  *callingMsg // its first call of refresh_token began
	main     *mainMsg
	results  []probeResult
	written  *writtenMsg // Python's: nil for Go
	complete bool        // main and the probes took place
	reruns   *rerunsMsg  // nil when the run ended before the reruns did
}

// decodeStrict decodes exactly one JSON value of v's shape from line.
func decodeStrict(line []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the message")
	}
	return nil
}

var errorKinds = []string{"encoding", "syntax", "exit", "memory", "raised", "harness"}

// decodeMain reads the harness's first message: "main" or "error".
func decodeMain(line []byte) (*mainMsg, *errorMsg, error) {
	var head struct {
		Msg string `json:"msg"`
	}
	if json.Unmarshal(line, &head) != nil {
		return nil, nil, errInterfered
	}
	switch head.Msg {
	case "main":
		var m mainMsg
		if decodeStrict(line, &m) != nil || !m.Final.valid() || m.FirstCall != nil && !m.FirstCall.valid() ||
			!slices.Contains([]string{"missing", "not-callable", "wrong-arity", "ok"}, m.RefreshToken) || len(m.Calls) > 10 ||
			m.Raised != nil && (m.Raised.Message == "" || utf8.RuneCountInString(m.Raised.Message) > 300) {
			return nil, nil, errInterfered
		}
		for _, c := range m.Calls {
			if !c.valid() {
				return nil, nil, errInterfered
			}
		}
		return &m, nil, nil
	case "error":
		var e errorMsg
		if decodeStrict(line, &e) != nil || !slices.Contains(errorKinds, e.Kind) {
			return nil, nil, errInterfered
		}
		return nil, &e, nil
	}
	return nil, nil, errInterfered
}

// writtenMsg is what the Python harness read from the solution's syntax
// tree before any of it ran, so nothing the solution does can change it:
// tokens and current_time as their last top-level assignments write them,
// when those are literals, else null.
type writtenMsg struct {
	Msg         string `json:"msg"`
	Tokens      *value `json:"tokens"`
	CurrentTime *value `json:"current_time"`
}

func decodeWritten(line []byte) (*writtenMsg, error) {
	var w writtenMsg
	if decodeStrict(line, &w) != nil || w.Msg != "written" || w.Tokens != nil && !w.Tokens.valid() ||
		w.CurrentTime != nil && !w.CurrentTime.valid() {
		return nil, errInterfered
	}
	return &w, nil
}

// converse is what tokenlab answers the harness (Spec.Converse): after
// the "written" line, nothing yet; after a "main" message, the reruns,
// then the probes when refresh_token can be probed; after anything else,
// nothing, and the conversation is over.
func converse(p plan) func(line []byte) ([]byte, bool) {
	return func(line []byte) ([]byte, bool) {
		if _, err := decodeWritten(line); err == nil {
			return nil, false
		}
		if _, err := decodeCalling(line); err == nil {
			return nil, false
		}
		m, _, err := decodeMain(line)
		if err != nil || m == nil {
			return nil, true
		}
		return p.wire(m.probeable()), true
	}
}

// decodeReport reads the whole conversation. It returns a report with
// neither main nor failure when the harness said nothing at all (the
// solution ended the process first), and errInterfered for anything that
// is not exactly the harness's conversation.
func decodeReport(data []byte, p plan, written bool) (report, error) {
	if len(data) == 0 {
		return report{}, nil
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if last := lines[len(lines)-1]; len(last) == 0 {
		lines = lines[:len(lines)-1]
	}
	for _, l := range lines {
		if !bytes.HasSuffix(l, []byte("\n")) {
			return report{}, errInterfered // cut short, or not the harness's writing
		}
	}
	var w *writtenMsg
	if written {
		var err error
		if w, err = decodeWritten(lines[0]); err != nil {
			return report{}, err
		}
		if lines = lines[1:]; len(lines) == 0 {
			return report{written: w}, nil
		}
	}
	var c *callingMsg
	if calling, err := decodeCalling(lines[0]); err == nil {
		c = calling
		if lines = lines[1:]; len(lines) == 0 {
			return report{written: w, calling: c}, nil
		}
	}
	rep, err := decodeConversation(lines, p)
	rep.written, rep.calling = w, c
	return rep, err
}

func decodeConversation(lines [][]byte, p plan) (report, error) {
	m, e, err := decodeMain(lines[0])
	switch {
	case err != nil:
		return report{}, err
	case e != nil:
		if len(lines) != 1 {
			return report{}, errInterfered
		}
		return report{failure: e, complete: true}, nil
	case len(lines) == 1:
		// The solution ended the process during the probes.
		return report{main: m}, nil
	case len(lines) > 3:
		return report{}, errInterfered
	}
	var head struct {
		Msg string `json:"msg"`
	}
	_ = json.Unmarshal(lines[1], &head)
	if head.Msg == "error" {
		var e errorMsg
		if decodeStrict(lines[1], &e) != nil || e.Kind != "harness" {
			return report{}, errInterfered
		}
		return report{main: m, failure: &e}, nil
	}
	var pm probesMsg
	if decodeStrict(lines[1], &pm) != nil || pm.Msg != "probes" {
		return report{}, errInterfered
	}
	want := 0
	if m.probeable() {
		want = len(p.probes)
	}
	if len(pm.Results) != want {
		return report{}, errInterfered
	}
	for _, r := range pm.Results {
		if !r.Tokens.valid() {
			return report{}, errInterfered
		}
	}
	rep := report{main: m, results: pm.Results, complete: true}
	if len(lines) == 2 {
		return rep, nil // the run ended during the reruns
	}
	var reruns rerunsMsg
	if decodeStrict(lines[2], &reruns) != nil || !reruns.valid(len(p.reruns)) {
		return report{}, errInterfered
	}
	rep.reruns = &reruns
	return rep, nil
}
