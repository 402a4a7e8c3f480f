package report

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"github.com/tokenlab/tokenlab/lesson"
)

// RunText is exactly what the finished program prints: never styled.
func RunText(tr lesson.Trace) string {
	return strings.Join(tr.Lines(), "\n") + "\n"
}

// runReport is `run --format json`.
type runReport struct {
	CurrentTime int64        `json:"current_time"`
	Users       []userReport `json:"users"`
	// Tokens is the whole tokens map after the run, every user in
	// exercise order, called or not.
	Tokens tokensJSON `json:"tokens"`
	Output []string   `json:"output"`
}

// tokensJSON is the tokens map as a JSON object in exercise order:
// {"alice": {"token": "abc123", "expiry": 100}, ...}.
type tokensJSON lesson.Tokens

func (t tokensJSON) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range t {
		if i > 0 {
			b.WriteByte(',')
		}
		entry, err := json.Marshal(struct {
			Token  string `json:"token"`
			Expiry int64  `json:"expiry"`
		}{e.Token, e.Expiry})
		if err != nil {
			return nil, err
		}
		user, _ := json.Marshal(e.User)
		b.Write(user)
		b.WriteByte(':')
		b.Write(entry)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

type userReport struct {
	User      string `json:"user"`
	Token     string `json:"token"`
	Expiry    int64  `json:"expiry"`
	Refreshed bool   `json:"refreshed"`
}

// RunJSON is `run --format json`: the time, the users called (in exercise
// order) with their token, expiry and whether it was refreshed, the whole
// tokens map afterwards, and the printed lines.
func RunJSON(w io.Writer, tr lesson.Trace) error {
	out := runReport{CurrentTime: tr.Time, Users: []userReport{}, Tokens: tokensJSON(tr.After), Output: tr.Lines()}
	called, refreshed := map[string]bool{}, map[string]bool{}
	for _, c := range tr.Calls {
		called[c.User] = true
		refreshed[c.User] = refreshed[c.User] || c.Refreshed
	}
	for _, e := range tr.After { // exercise order
		if called[e.User] {
			out.Users = append(out.Users, userReport{User: e.User, Token: e.Token, Expiry: e.Expiry, Refreshed: refreshed[e.User]})
		}
	}
	return writeJSON(w, out)
}
