//go:build unix

// Package goharness is tokenlab's check harness for Go solutions. It is
// compiled once, by tokenlab, and linked with each learner's program and a
// few generated lines (see ../harness_go.tmpl) that rename the learner's
// main and refreshToken and hand them here: Run runs main, sees the
// program's own calls of refreshToken, carries out the probes tokenlab
// sends on fd 4 once main has finished, and reports on fd 3 exactly as the
// Python harness does. It decides nothing: every message is untrusted data
// to tokenlab, which judges.
package goharness

import (
	"os"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

// Program is the learner's program, as the generated lines hand it over.
type Program struct {
	Tokens reflect.Value // the tokens variable (settable), or invalid
	// Time is the currentTime variable (settable), or a constant's value,
	// or invalid.
	Time reflect.Value
	// Refresh is the learner's own refreshToken, not the wrapper; invalid
	// when there is none to call. RefreshDeclared: refreshToken names
	// something that is not a function.
	Refresh         reflect.Value
	RefreshDeclared bool
	Main            func() // the learner's main; nil without one
}

var (
	prog Program
	// recording: main is running, and the wrapper's calls are the
	// program's own. calls are the users it called refreshToken with (the
	// first ten), described; first is tokens and currentTime as they were
	// at the first call.
	recording bool
	calls     []string
	first     string
)

// Called is what the wrapper around the learner's refreshToken calls, with
// its first argument.
func Called(user reflect.Value) {
	if !recording {
		return
	}
	if first == "" {
		first = globals()
	}
	if len(calls) < 10 {
		calls = append(calls, describe(user, 2))
	}
}

func tokensVar() reflect.Value   { return prog.Tokens }
func timeVar() reflect.Value     { return prog.Time }
func refreshFunc() reflect.Value { return prog.Refresh }

func learnerMain() {
	if prog.Main != nil {
		prog.Main()
	}
}

// Run is the program's main. It never returns.
func Run(p Program) {
	prog = p
	self := os.Getpid()
	send := func(msg string) {
		if os.Getpid() != self {
			os.Exit(0)
		}
		data := []byte(msg + "\n")
		for len(data) > 0 {
			n, err := syscall.Write(reportFD, data)
			if err != nil {
				os.Exit(0)
			}
			data = data[n:]
		}
	}
	snapshot := copyTokens(tokensVar())

	recording = true
	// A panic inside refreshToken is step 3's fault: main is taken as
	// finished, and the probes show the panic where it belongs.
	if raised, line, inRefresh := try(learnerMain); raised != "" && !inRefresh {
		send(`{"msg":"error","kind":"raised","message":` + quote(cut(raised, 300)) + `,"line":` + line + `}`)
		os.Exit(0)
	}
	recording = false
	// What it printed is complete; from here on its output goes nowhere.
	if null, err := syscall.Open(os.DevNull, syscall.O_WRONLY, 0); err == nil {
		dup(null, 1)
	}

	firstCall := "null"
	if first != "" {
		firstCall = first
	}
	send(`{"msg":"main","final":` + globals() + `,"first_call":` + firstCall +
		`,"refresh_token":"` + refreshState() + `","calls":[` + strings.Join(calls, ",") + `]}`)

	reruns, probes := readPlan()
	results := make([]string, 0, len(probes))
	for _, p := range probes {
		results = append(results, probe(p))
	}
	send(`{"msg":"probes","results":[` + strings.Join(results, ",") + `]}`)
	send(runReruns(snapshot, reruns))
	os.Exit(0)
}

const (
	reportFD = 3
	probesFD = 4
)

// try runs f and returns what it panicked with, if it did, the
// line of the learner's file it panicked at ("null" when none is known),
// and whether it panicked inside the learner's refreshToken.
func try(f func()) (raised, line string, inRefresh bool) {
	defer func() {
		if r := recover(); r != nil {
			raised = panicText(r)
			line = "null"
			pcs := make([]uintptr, 64)
			n := runtime.Callers(2, pcs)
			frames := runtime.CallersFrames(pcs[:n])
			for {
				fr, more := frames.Next()
				if strings.HasSuffix(fr.File, "solution.go") && line == "null" {
					line = strconv.Itoa(fr.Line)
				}
				if fr.Function == "main.tokenlab_refreshToken" {
					inRefresh = true
				}
				if !more {
					break
				}
			}
		}
	}()
	f()
	return "", "", false
}

func panicText(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case string:
		return v
	case interface{ String() string }:
		return v.String()
	}
	return reflect.TypeOf(r).String()
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func refreshState() string {
	fn := refreshFunc()
	switch {
	case !fn.IsValid():
		if prog.RefreshDeclared {
			return "not-callable"
		}
		return "missing"
	case fn.Kind() != reflect.Func || fn.IsNil():
		return "not-callable"
	}
	t := fn.Type()
	if t.NumIn() == 1 && t.In(0).Kind() == reflect.String && !t.IsVariadic() {
		return "ok"
	}
	return "wrong-arity"
}

func globals() string {
	var parts []string
	if t := tokensVar(); t.IsValid() {
		parts = append(parts, `"tokens":`+describe(t, 0))
	}
	if c := timeVar(); c.IsValid() {
		if c.CanSet() {
			parts = append(parts, `"current_time":`+describe(c, 0))
		} else {
			parts = append(parts, `"current_time":{"type":"constant","repr":"`+strconv.FormatInt(c.Int(), 10)+`"}`)
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// describe shows a value for what it is, as the Python harness
// does: an int, a string, a map with string keys (a struct's fields too,
// their names as the exercise's keys), or anything else by its type.
func describe(v reflect.Value, depth int) string {
	if !v.IsValid() {
		return `{"type":"nil","repr":"nil"}`
	}
	for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return `{"type":` + quote(v.Type().String()) + `,"repr":"nil"}`
		}
		v = v.Elem()
	}
	switch {
	case v.Kind() == reflect.Int:
		return `{"int":` + strconv.FormatInt(v.Int(), 10) + `}`
	case v.Kind() == reflect.String && v.Len() <= 1000:
		return `{"str":` + quote(v.String()) + `}`
	case v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String && depth < 2:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		var items []string
		for _, k := range keys {
			if len(items) == 20 {
				break
			}
			items = append(items, `{"key":{"str":`+quote(k.String())+`},"value":`+describe(v.MapIndex(k), depth+1)+`}`)
		}
		return `{"dict":[` + strings.Join(items, ",") + `],"len":` + strconv.Itoa(v.Len()) + `}`
	case v.Kind() == reflect.Struct && depth < 2:
		var items []string
		for i := 0; i < v.NumField() && i < 20; i++ {
			name := fieldKey(v.Type().Field(i).Name)
			items = append(items, `{"key":{"str":`+quote(name)+`},"value":`+describe(field(v, i), depth+1)+`}`)
		}
		return `{"dict":[` + strings.Join(items, ",") + `],"len":` + strconv.Itoa(v.NumField()) + `}`
	}
	return `{"type":` + quote(v.Type().String()) + `,"repr":` + quote(repr(v)) + `}`
}

// fieldKey is a field's name as the exercise's key: Token is
// "token", Expiry "expiry".
func fieldKey(name string) string {
	return strings.ToLower(name[:1]) + name[1:]
}

// field is a struct's field i, readable and settable even when it
// is not exported.
func field(v reflect.Value, i int) reflect.Value {
	f := v.Field(i)
	if f.CanAddr() {
		return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
	}
	return f
}

func repr(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.String:
		return "a string of " + strconv.Itoa(v.Len()) + " bytes"
	}
	return v.Type().String()
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r < 0x20 || r > 0x7e || r == '"' || r == '\\':
			if r > 0xffff {
				r -= 0x10000
				b.WriteString(`\u` + hex4(0xd800+(r>>10)) + `\u` + hex4(0xdc00+(r&0x3ff)))
			} else {
				b.WriteString(`\u` + hex4(r))
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func hex4(r rune) string {
	s := strconv.FormatInt(int64(r), 16)
	return strings.Repeat("0", 4-len(s)) + s
}

type probeSpec struct {
	user  string
	now   int64
	fresh [][3]string // user, token, expiry
}

// rerunSpec is one rerun: currentTime and alice's entry to set.
type rerunSpec struct {
	now    int64
	token  string
	expiry int64
}

func readPlan() ([]rerunSpec, []probeSpec) {
	var data []byte
	buf := make([]byte, 65536)
	for {
		n, err := syscall.Read(probesFD, buf)
		if n <= 0 || err != nil {
			break
		}
		data = append(data, buf[:n]...)
	}
	lines := strings.Split(string(data), "\n")
	var reruns []rerunSpec
	head := strings.Fields(lines[0])
	for i := 1; i+2 < len(head); i += 3 {
		now, _ := strconv.ParseInt(head[i], 10, 64)
		expiry, _ := strconv.ParseInt(head[i+2], 10, 64)
		reruns = append(reruns, rerunSpec{now: now, token: head[i+1], expiry: expiry})
	}
	var probes []probeSpec
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		now, _ := strconv.ParseInt(f[1], 10, 64)
		p := probeSpec{user: f[0], now: now}
		for i := 2; i+2 < len(f); i += 3 {
			p.fresh = append(p.fresh, [3]string{f[i], f[i+1], f[i+2]})
		}
		probes = append(probes, p)
	}
	return reruns, probes
}

// entry makes a value of the map's element type holding token and
// expiry, or reports that it cannot.
func entry(t reflect.Type, token string, expiry int64) (reflect.Value, bool) {
	switch {
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		p := reflect.New(t.Elem())
		return p, fill(p.Elem(), token, expiry)
	case t.Kind() == reflect.Struct:
		p := reflect.New(t)
		return p.Elem(), fill(p.Elem(), token, expiry)
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
		m := reflect.MakeMap(t)
		tok, ok1 := scalar(t.Elem(), token, 0, false)
		exp, ok2 := scalar(t.Elem(), "", expiry, true)
		if !ok1 || !ok2 {
			return reflect.Value{}, false
		}
		m.SetMapIndex(reflect.ValueOf("token").Convert(t.Key()), tok)
		m.SetMapIndex(reflect.ValueOf("expiry").Convert(t.Key()), exp)
		return m, true
	}
	return reflect.Value{}, false
}

func fill(s reflect.Value, token string, expiry int64) bool {
	set := 0
	for i := 0; i < s.NumField(); i++ {
		f := field(s, i)
		switch key := fieldKey(s.Type().Field(i).Name); {
		case key == "token" && f.Kind() == reflect.String:
			f.SetString(token)
			set++
		case key == "expiry" && f.Kind() >= reflect.Int && f.Kind() <= reflect.Int64:
			f.SetInt(expiry)
			set++
		}
	}
	return set == 2
}

func scalar(t reflect.Type, s string, n int64, isInt bool) (reflect.Value, bool) {
	var v reflect.Value
	if isInt {
		v = reflect.ValueOf(int(n))
	} else {
		v = reflect.ValueOf(s)
	}
	if !v.Type().AssignableTo(t) {
		return reflect.Value{}, false
	}
	out := reflect.New(t).Elem()
	out.Set(v)
	return out, true
}

// reset empties the tokens map in place and fills it with fresh,
// so that a function holding the map still sees it; a nil map is made.
func reset(tokens reflect.Value, fresh [][3]string) bool {
	if !tokens.IsValid() || tokens.Kind() != reflect.Map || tokens.Type().Key().Kind() != reflect.String || !tokens.CanSet() {
		return false
	}
	if tokens.IsNil() {
		tokens.Set(reflect.MakeMap(tokens.Type()))
	}
	for _, k := range tokens.MapKeys() {
		tokens.SetMapIndex(k, reflect.Value{})
	}
	for _, f := range fresh {
		expiry, _ := strconv.ParseInt(f[2], 10, 64)
		e, ok := entry(tokens.Type().Elem(), f[1], expiry)
		if !ok {
			return false
		}
		tokens.SetMapIndex(reflect.ValueOf(f[0]).Convert(tokens.Type().Key()), e)
	}
	return true
}

func probe(p probeSpec) string {
	tokens, clock, fn := tokensVar(), timeVar(), refreshFunc()
	raised, line := "", "null"
	var before unsafe.Pointer
	if !tokens.IsValid() || !reset(tokens, p.fresh) {
		raised = "tokenlab cannot probe it: tokens is not a map of entries it can make"
	} else {
		before = tokens.UnsafePointer()
		if clock.CanSet() {
			clock.SetInt(p.now)
		}
		raised, line, _ = try(func() {
			fn.Call([]reflect.Value{reflect.ValueOf(p.user).Convert(fn.Type().In(0))})
		})
	}
	after := tokensVar()
	same := after.Kind() == reflect.Map && after.UnsafePointer() == before
	out := `{"raised":`
	if raised == "" {
		out += "null"
	} else {
		out += quote(cut(raised, 200))
	}
	if line == "" {
		line = "null"
	}
	return out + `,"line":` + line + `,"same":` + strconv.FormatBool(same) + `,"tokens":` + describe(after, 0) + `}`
}

// copyTokens keeps the learner's tokens as main found them, entries
// copied, for the reruns.
func copyTokens(tokens reflect.Value) [][3]string {
	var out [][3]string
	if !tokens.IsValid() || tokens.Kind() != reflect.Map || tokens.Type().Key().Kind() != reflect.String {
		return nil
	}
	for _, k := range tokens.MapKeys() {
		e := tokens.MapIndex(k)
		for e.Kind() == reflect.Pointer || e.Kind() == reflect.Interface {
			if e.IsNil() {
				break
			}
			e = e.Elem()
		}
		var token string
		var expiry int64
		switch e.Kind() {
		case reflect.Struct:
			for i := 0; i < e.NumField(); i++ {
				f := e.Field(i)
				switch fieldKey(e.Type().Field(i).Name) {
				case "token":
					if f.Kind() == reflect.String {
						token = f.String()
					}
				case "expiry":
					if f.Kind() >= reflect.Int && f.Kind() <= reflect.Int64 {
						expiry = f.Int()
					}
				}
			}
		case reflect.Map:
			if t := e.MapIndex(reflect.ValueOf("token")); t.IsValid() {
				for t.Kind() == reflect.Interface && !t.IsNil() {
					t = t.Elem()
				}
				if t.Kind() == reflect.String {
					token = t.String()
				}
			}
			if x := e.MapIndex(reflect.ValueOf("expiry")); x.IsValid() {
				for x.Kind() == reflect.Interface && !x.IsNil() {
					x = x.Elem()
				}
				if x.Kind() >= reflect.Int && x.Kind() <= reflect.Int64 {
					expiry = x.Int()
				}
			}
		default:
			return nil
		}
		if token == "" || strings.ContainsAny(token, " \n") {
			return nil
		}
		out = append(out, [3]string{k.String(), token, strconv.FormatInt(expiry, 10)})
	}
	return out
}

// runReruns runs main again for each rerun, with tokens as main first
// found them but for alice's entry, and currentTime set, and reports the
// first keepOutput bytes each printed.
func runReruns(snapshot [][3]string, reruns []rerunSpec) string {
	const notRewritten = `{"msg":"reruns","rewritten":false,"runs":[]}`
	clock := timeVar()
	hasAlice := false
	for _, e := range snapshot {
		hasAlice = hasAlice || e[0] == "alice"
	}
	if !hasAlice || !clock.CanSet() {
		return notRewritten
	}
	runs := make([]string, 0, len(reruns))
	for _, r := range reruns {
		fresh := make([][3]string, len(snapshot))
		for i, e := range snapshot {
			if e[0] == "alice" {
				e = [3]string{"alice", r.token, strconv.FormatInt(r.expiry, 10)}
			}
			fresh[i] = e
		}
		if !reset(tokensVar(), fresh) {
			return notRewritten
		}
		clock.SetInt(r.now)
		output, raised, ok := captured(learnerMain)
		if !ok {
			return notRewritten
		}
		out := `{"output":` + quote(output) + `,"raised":`
		if raised == "" {
			out += "null"
		} else {
			out += quote(cut(raised, 300))
		}
		runs = append(runs, out+"}")
	}
	return `{"msg":"reruns","rewritten":true,"runs":[` + strings.Join(runs, ",") + `]}`
}

// keepOutput is how much of a rerun's output is reported, in characters.
const keepOutput = 500

// captured runs f with fd 1 on a pipe and returns the first keepOutput
// characters it wrote there, and what it panicked with; ok is false when
// no pipe could be made.
func captured(f func()) (output, raised string, ok bool) {
	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil {
		return "", "", false
	}
	dup(fds[1], 1)
	syscall.Close(fds[1])
	done := make(chan string)
	go func() {
		var out []byte
		buf := make([]byte, 4096)
		for {
			n, err := syscall.Read(fds[0], buf)
			if n <= 0 || err != nil {
				break
			}
			if len(out) < 4*keepOutput {
				out = append(out, buf[:n]...)
			}
		}
		syscall.Close(fds[0])
		done <- strings.ToValidUTF8(string(out), "?")
	}()
	raised, _, _ = try(f)
	if null, err := syscall.Open(os.DevNull, syscall.O_WRONLY, 0); err == nil {
		dup(null, 1) // closes the pipe's last writer
	}
	output = <-done
	if r := []rune(output); len(r) > keepOutput {
		output = string(r[:keepOutput])
	}
	return output, raised, true
}
