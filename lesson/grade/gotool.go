package grade

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// noGopath is a GOPATH that cannot exist (a path under a device), so that
// the go command finds nothing outside the standard library.
const noGopath = "/dev/null/gopath"

// goToolchain is the Go installation Go solutions are built with.
type goToolchain struct {
	goTool  string // the go command
	goroot  string
	toolDir string // where compile and link are
	lang    string // go1.26: the language version solutions are compiled as
	goos    string // the machine's, which solutions are built for
	cat     string // the cat program, which hands the built program back
	env     []string
}

var (
	goOnce  sync.Once
	goFound *goToolchain
	goErr   error
)

// findGo finds the go command on PATH and asks it where its tools are,
// once a process.
func findGo() (*goToolchain, error) {
	goOnce.Do(func() { goFound, goErr = lookGo() })
	return goFound, goErr
}

func lookGo() (*goToolchain, error) {
	noGo := errors.New("cannot check .go files: no Go toolchain (go) on PATH; install Go from go.dev/dl")
	path, err := exec.LookPath("go")
	if err != nil {
		return nil, noGo
	}
	// Nothing of the caller's Go set-up changes what a solution is built
	// with or where: no go.env file, no GOFLAGS, no other toolchain, no
	// GOPATH to look in, no module to download, the machine's own target.
	tc := &goToolchain{goTool: path, env: []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"GOENV=off", "GOFLAGS=", "GOTOOLCHAIN=local", "GOWORK=off", "GO111MODULE=off", "GOPROXY=off",
		"CGO_ENABLED=0", "GOPATH=" + noGopath,
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "env", "-json", "GOROOT", "GOVERSION", "GOHOSTOS", "GOHOSTARCH", "GOTOOLDIR")
	cmd.Env, cmd.Dir = tc.env, os.TempDir()
	out, err := cmd.Output()
	var env struct{ GOROOT, GOVERSION, GOHOSTOS, GOHOSTARCH, GOTOOLDIR string }
	if err != nil || json.Unmarshal(out, &env) != nil || env.GOROOT == "" {
		return nil, fmt.Errorf("cannot check .go files: %s does not answer go env: %v", path, err)
	}
	tc.goroot, tc.toolDir, tc.goos = env.GOROOT, env.GOTOOLDIR, env.GOHOSTOS
	if tc.cat, err = exec.LookPath("cat"); err != nil {
		return nil, errors.New("cannot check .go files: no cat program on PATH, which the build needs")
	}
	tc.env = append(tc.env, "GOOS="+env.GOHOSTOS, "GOARCH="+env.GOHOSTARCH)
	// go1.26.8 -> go1.26
	parts := strings.SplitN(strings.TrimPrefix(env.GOVERSION, "go"), ".", 3)
	if len(parts) < 2 {
		return nil, fmt.Errorf("cannot check .go files: unknown Go version %q", env.GOVERSION)
	}
	tc.lang = "go" + parts[0] + "." + parts[1]
	return tc, nil
}

// goKit is what a build needs of the standard library: the compiler's
// import configuration, and the compiled packages it names, as directories
// to show the build or as files to give it.
type goKit struct {
	importcfg []byte
	binds     []string
	files     map[string][]byte
}

var (
	kitsMu sync.Mutex
	kits   = map[string]goKit{}
)

// stdlib prepares the standard library packages imports need (and what
// they import), compiled once into cache by the go command, outside any
// sandbox: it builds nothing but the standard library. Every import must
// be one of its packages. It returns the kit, or a message for the
// learner.
func (tc *goToolchain) stdlib(ctx context.Context, cache string, imports []string, reach func(string) bool) (goKit, string) {
	imports = slices.Clone(imports)
	sort.Strings(imports)
	imports = slices.Compact(imports)
	reachable := reach(cache)
	key := fmt.Sprint(cache, "\x00", reachable, "\x00", strings.Join(imports, " "))
	kitsMu.Lock()
	defer kitsMu.Unlock()
	if kit, ok := kits[key]; ok {
		return kit, ""
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	args := append([]string{"list", "-e", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Standard}}\t{{.DepOnly}}\t{{.Export}}\t{{if .Error}}error{{end}}"}, imports...)
	cmd := exec.CommandContext(ctx, tc.goTool, args...)
	cmd.Env = append(slices.Clone(tc.env), "GOCACHE="+cache)
	cmd.Dir = os.TempDir()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return goKit{}, fmt.Sprintf("the check could not prepare Go's standard library: %v %s", err, firstLine(stderr.Bytes()))
	}
	var cfg bytes.Buffer
	kit := goKit{}
	var exports []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 5 {
			continue
		}
		path, standard, depOnly, export, failed := f[0], f[1] == "true", f[2] == "true", f[3], f[4] != ""
		if !depOnly && (!standard || failed) {
			return goKit{}, fmt.Sprintf("it imports %q, which is not in Go's standard library: a solution uses the standard library only", path)
		}
		if export == "" {
			continue
		}
		exports = append(exports, export)
		fmt.Fprintf(&cfg, "packagefile %s=%s\n", path, export)
	}
	harness, err := tc.harness(ctx, cache, cfg.Bytes())
	if err != nil {
		return goKit{}, "the check could not prepare its Go harness: " + err.Error()
	}
	exports = append(exports, harness)
	fmt.Fprintf(&cfg, "packagefile %s=%s\n", goHarnessPackage, harness)
	kit.importcfg = cfg.Bytes()
	// The build sees the cache read-only; where its user cannot reach the
	// cache (as root without bubblewrap), it gets copies of the packages.
	if reachable {
		kit.binds = []string{tc.goroot, cache}
	} else {
		kit.binds = []string{tc.goroot}
		kit.files = map[string][]byte{}
		cfg.Reset()
		for i, export := range exports {
			data, err := os.ReadFile(export)
			if err != nil {
				return goKit{}, "the check could not prepare Go's standard library: " + err.Error()
			}
			name := fmt.Sprintf("std%03d.a", i)
			kit.files[name] = data
			kit.importcfg = bytes.ReplaceAll(kit.importcfg, []byte("="+export+"\n"), []byte("="+name+"\n"))
		}
	}
	kits[key] = kit
	return kit, ""
}

// defaultGoCache is where Go solutions' standard library is compiled:
// tokenlab's own, apart from the user's go build cache.
func defaultGoCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "tokenlab", "go-build")
}

// harness compiles the harness package (goharness) into cache, once for
// each harness and toolchain, and returns the archive's path. It is
// tokenlab's own code, compiled outside any sandbox, so that each check
// compiles only the learner's file and a few generated lines.
func (tc *goToolchain) harness(ctx context.Context, cache string, stdcfg []byte) (string, error) {
	names := []string{"goharness/harness.go", "goharness/dup_other.go"}
	if tc.goos == "linux" {
		names[1] = "goharness/dup_linux.go"
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", tc.lang, tc.toolDir, tc.goos)
	var sources [][]byte
	for _, name := range names {
		data, err := goHarnessFiles.ReadFile(name)
		if err != nil {
			return "", err
		}
		sources = append(sources, data)
		h.Write(data)
	}
	archive := filepath.Join(cache, fmt.Sprintf("tokenlab-goharness-%x.a", h.Sum(nil)[:12]))
	if _, err := os.Stat(archive); err == nil {
		return archive, nil
	}
	dir, err := os.MkdirTemp(cache, "tokenlab-goharness-") // beside it, for the rename
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	args := []string{"-o", filepath.Join(dir, "harness.a"), "-p", goHarnessPackage, "-lang=" + tc.lang, "-complete", "-pack",
		"-importcfg", filepath.Join(dir, "importcfg"), "-trimpath", dir + "=>"}
	if err := os.WriteFile(filepath.Join(dir, "importcfg"), stdcfg, 0o600); err != nil {
		return "", err
	}
	for i, data := range sources {
		name := filepath.Join(dir, filepath.Base(names[i]))
		if err := os.WriteFile(name, data, 0o600); err != nil {
			return "", err
		}
		args = append(args, name)
	}
	cmd := exec.CommandContext(ctx, filepath.Join(tc.toolDir, "compile"), args...)
	cmd.Env = tc.env
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%v: %s", err, firstLine(out))
	}
	// Into place whole: a check running at the same time sees all of it
	// or none.
	if err := os.Chmod(filepath.Join(dir, "harness.a"), 0o644); err != nil {
		return "", err
	}
	if err := os.Rename(filepath.Join(dir, "harness.a"), archive); err != nil {
		return "", err
	}
	return archive, nil
}
