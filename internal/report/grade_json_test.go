package report

import (
	"encoding/json"
	"testing"
)

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"plain", `quo"te`, `back\slash`, "new\nline\r\t", "\x01ctl", "ünïcødé ☃", "</script>"} {
		var back string
		if err := json.Unmarshal(appendJSONString(nil, s), &back); err != nil || back != s {
			t.Errorf("appendJSONString(%q) does not round-trip: %q, %v", s, back, err)
		}
	}
}
