package grade

import (
	crand "crypto/rand"
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

// makeProbes draws the probes for one run from seed. The same seed always
// gives the same probes, so a report can be reproduced with --seed.
func makeProbes(seed uint64) []probe {
	rng := rand.New(rand.NewPCG(seed, 0x746f6b656e6c6162)) // "tokenlab"
	between := func(lo, hi int64) int64 { return lo + rng.Int64N(hi-lo+1) }
	otherTime := func() int64 { return between(1000, 900000) }
	plans := []struct {
		kind   string
		now    int64
		offset int64 // the probed user's expiry minus now
	}{
		{probeExpired, lesson.DefaultTime, -between(1, 60)},
		{probeValid, lesson.DefaultTime, between(1, 60)},
		{probeBoundary, lesson.DefaultTime, 0},
		{probeOtherTime, otherTime(), -between(1, 500)},
		{probeOtherTimeValid, otherTime(), between(1, 500)},
		{probeBoundary, otherTime(), 0},
	}
	users := lesson.Users()
	probes := make([]probe, len(plans))
	for i, p := range plans {
		user := users[rng.IntN(len(users))]
		before := make(lesson.Tokens, len(users))
		for j, u := range users {
			// The others are sometimes expired too, so a function that
			// refreshes everyone is caught.
			before[j] = lesson.Entry{User: u, Token: fmt.Sprintf("tok%06x", rng.Uint32()&0xffffff), Expiry: p.now + between(-300, 300)}
			if u == user {
				before[j].Expiry = p.now + p.offset
			}
		}
		probes[i] = probe{Kind: p.kind, User: user, Time: p.now, Before: before}
	}
	return probes
}

// noteTime is the time of the note's run: one at which alice's token, which
// expires at 100, is still valid. It is drawn from the seed on a stream of
// its own, so the probes stay as they were.
func noteTime(seed uint64) int64 {
	rng := rand.New(rand.NewPCG(seed, 0x6e6f746574696d65)) // "notetime"
	return 10 + rng.Int64N(90)                             // 10 to 99
}

// wireProbes is what the harness reads after its first message: the line
// "note <time>", then the probes, a line each,
// "user time name token expiry name token expiry ...".
func wireProbes(when int64, probes []probe) []byte {
	var b strings.Builder
	b.WriteString("note " + strconv.FormatInt(when, 10) + "\n")
	for _, p := range probes {
		b.WriteString(p.User + " " + strconv.FormatInt(p.Time, 10))
		for _, e := range p.Before {
			fmt.Fprintf(&b, " %s %s %d", e.User, e.Token, e.Expiry)
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// seedFor is the probe seed: the one given, else a keyed hash of the file's
// content. The key stays outside every sandbox, so a solution cannot work
// out its own probes from its text, yet the same file on the same machine
// always gets the same report. It keeps to 48 bits so that JSON readers
// hold it exactly.
func seedFor(src, key []byte, given *uint64) uint64 {
	if given != nil {
		return *given
	}
	var k [16]byte
	copy(k[:], key)
	return sipHash24(k, src) & (1<<48 - 1)
}

// SeedKeyFile is the name of the file, in tokenlab's state directory, that
// holds the key probe seeds are drawn with.
const SeedKeyFile = "check.key"

// seedKeySize is the key's size: SipHash's.
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

// NewSeedKey returns a fresh random key, for a run that cannot keep one.
func NewSeedKey() []byte {
	key := make([]byte, seedKeySize)
	if _, err := crand.Read(key); err != nil {
		panic("tokenlab: no random source: " + err.Error())
	}
	return key
}
