package grade

import (
	"bytes"
	"crypto/hmac"
	crand "crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tokenlab/tokenlab/internal/safefile"
	"github.com/tokenlab/tokenlab/lesson"
)

// A probe is one call of the solution's refresh_token on data tokenlab
// chose: the harness resets tokens to Before, sets current_time to Time and
// calls refresh_token(User). The harness never learns Kind or the expected
// result; tokenlab computes that itself with lesson.RefreshToken.
type probe struct {
	Kind   string
	User   string
	Time   int64
	Before lesson.Tokens
}

// The kinds of probe, each a case the refresh rule must get right.
const (
	probeExpired        = "expired"
	probeValid          = "valid"
	probeBoundary       = "boundary"
	probeOtherTime      = "other-time"
	probeOtherTimeValid = "other-time-valid"
)

// A rerun is one more run of the whole program, after the probes, with
// current_time and alice's entry rewritten to values tokenlab drew: step 4
// is judged by whether what it prints then follows the rule.
type rerun struct {
	Time   int64
	Token  string
	Expiry int64
}

// expired reports whether the rule renews alice's token in this rerun.
func (r rerun) expired() bool { return r.Expiry < r.Time }

// A plan is everything one check asks of a solution beyond its own run.
type plan struct {
	probes []probe
	reruns []rerun
}

// How many of each kind of probe a plan holds: each kind several times, in
// an order drawn from the seed, so that a function that counts its calls,
// alternates, or looks up answers instead of comparing cannot pass.
var probeCounts = []struct {
	kind  string
	count int
}{
	{probeExpired, 4},
	{probeValid, 3},
	{probeBoundary, 4},
	{probeOtherTime, 4},
	{probeOtherTimeValid, 3},
}

// rerunCount is how many reruns a plan holds; each is expired or valid at
// random, at least minEachRerun of each.
const (
	rerunCount   = 12
	minEachRerun = 3
)

// makePlan draws the probes and reruns for one check from seed and the
// solution's own text: the same file and seed always get the same plan,
// so a report can be reproduced with --seed, and an edited file gets
// another, so answers copied out of one report do not fit the next.
func makePlan(seed uint64, src []byte) plan {
	h := sha256.New()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	h.Write([]byte("tokenlab plan v2\x00"))
	h.Write(b[:])
	h.Write(src)
	sum := h.Sum(nil)
	rng := rand.New(rand.NewPCG(binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16])))
	return plan{probes: drawProbes(rng), reruns: drawReruns(rng)}
}

func between(rng *rand.Rand, lo, hi int64) int64 { return lo + rng.Int64N(hi-lo+1) }

func drawProbes(rng *rand.Rand) []probe {
	users := lesson.Users()
	var probes []probe
	for _, c := range probeCounts {
		for range c.count {
			now := int64(lesson.DefaultTime)
			if c.kind == probeOtherTime || c.kind == probeOtherTimeValid || c.kind == probeBoundary && rng.IntN(2) == 0 {
				now = between(rng, 1000, 900000)
			}
			var offset int64 // the probed user's expiry minus now
			switch c.kind {
			case probeExpired:
				offset = -between(rng, 1, 60)
			case probeValid:
				offset = between(rng, 1, 60)
			case probeOtherTime:
				offset = -between(rng, 1, 500)
			case probeOtherTimeValid:
				offset = between(rng, 1, 500)
			}
			user := users[rng.IntN(len(users))]
			before := make(lesson.Tokens, len(users))
			for j, u := range users {
				// The others are sometimes expired too, so a function
				// that refreshes everyone is caught.
				before[j] = lesson.Entry{User: u, Token: fmt.Sprintf("tok%06x", rng.Uint32()&0xffffff), Expiry: now + between(rng, -300, 300)}
				if u == user {
					before[j].Expiry = now + offset
				}
			}
			probes = append(probes, probe{Kind: c.kind, User: user, Time: now, Before: before})
		}
	}
	rng.Shuffle(len(probes), func(i, j int) { probes[i], probes[j] = probes[j], probes[i] })
	return probes
}

func drawReruns(rng *rand.Rand) []rerun {
	var expired []bool
	for {
		expired = expired[:0]
		n := 0
		for range rerunCount {
			e := rng.IntN(2) == 0
			expired = append(expired, e)
			if e {
				n++
			}
		}
		if n >= minEachRerun && rerunCount-n >= minEachRerun {
			break
		}
	}
	reruns := make([]rerun, rerunCount)
	for i, e := range expired {
		now := between(rng, 1000, 900000)
		// Far from the boundary, so that the step 3 slip of <= for <
		// does not fail step 4 as well.
		offset := between(rng, 5, 500)
		if e {
			offset = -offset
		}
		reruns[i] = rerun{Time: now, Token: fmt.Sprintf("tok%06x", rng.Uint32()&0xffffff), Expiry: now + offset}
	}
	return reruns
}

// wire is what the harness reads after its first message: the line
// "reruns time token expiry time token expiry ...", then the probes, a
// line each, "user time name token expiry name token expiry ...".
func (p plan) wire(probe bool) []byte {
	var b strings.Builder
	b.WriteString("reruns")
	for _, r := range p.reruns {
		fmt.Fprintf(&b, " %d %s %d", r.Time, r.Token, r.Expiry)
	}
	b.WriteString("\n")
	if !probe {
		return []byte(b.String())
	}
	for _, p := range p.probes {
		b.WriteString(p.User + " " + strconv.FormatInt(p.Time, 10))
		for _, e := range p.Before {
			fmt.Fprintf(&b, " %s %s %d", e.User, e.Token, e.Expiry)
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// seedFor is a file's seed: the one given, else a keyed hash of the file's
// content. The key stays outside every sandbox, so a solution cannot work
// out its own probes from its text, yet the same file on the same machine
// always gets the same report, and rerunning with --seed and the reported
// seed gives it again. It keeps to 48 bits so that JSON readers hold it
// exactly.
func seedFor(src, key []byte, given *uint64) uint64 {
	if given != nil {
		return *given
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(src)
	return binary.LittleEndian.Uint64(mac.Sum(nil)) & (1<<48 - 1)
}

// SeedKeyFile is the name of the file, in tokenlab's state directory, that
// holds the key probe seeds are drawn with.
const SeedKeyFile = "check.key"

// seedKeySize is the key's size.
const seedKeySize = 16

// LoadSeedKey returns the key in dir/check.key, making one the first time.
// It is 16 random bytes, readable by its owner alone.
func LoadSeedKey(dir string) ([]byte, error) {
	path := filepath.Join(dir, SeedKeyFile)
	key, err := safefile.ReadFile(path, 64, "a key")
	if err == nil && len(key) == seedKeySize {
		return key, nil
	}
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		if err == nil {
			err = fmt.Errorf("%s is not a tokenlab key (delete it to make a new one)", path)
		}
		return nil, err
	}
	key = NewSeedKey()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	// Write it whole under another name, then link it into place: two
	// processes making a key at once end up with the same one.
	tmp, err := os.CreateTemp(dir, SeedKeyFile+".*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(key); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return LoadSeedKey(dir)
		}
		return nil, err
	}
	return key, nil
}

// MinCourseKey is the least a course key holds, in bytes.
const MinCourseKey = 16

// ReadCourseKey reads a course's key: what the file at path holds, less
// white space around it, at least MinCourseKey bytes (32 hexadecimal
// digits make one). Every machine given the same key draws the same
// probes for the same file.
func ReadCourseKey(path string) ([]byte, error) {
	key, err := safefile.ReadFile(path, 4096, "a key file")
	if err != nil {
		return nil, err
	}
	key = bytes.TrimSpace(key)
	if len(key) < MinCourseKey {
		return nil, fmt.Errorf("%s holds %d bytes; a course key needs at least %d (make one with: od -An -tx1 -N16 /dev/urandom | tr -d ' \\n' > course.key)", path, len(key), MinCourseKey)
	}
	return key, nil
}

// NewSeedKey returns a fresh random key, for a run that cannot keep one.
func NewSeedKey() []byte {
	key := make([]byte, seedKeySize)
	if _, err := crand.Read(key); err != nil {
		panic("tokenlab: no random source: " + err.Error())
	}
	return key
}
