package report

import (
	"encoding/json"
	"io"

	"github.com/tokenlab/tokenlab/lesson/grade"
)

// CheckJSON writes check's report as indented JSON: exact strings, control
// characters included, for programs to read.
func CheckJSON(w io.Writer, rep grade.Report) error {
	return writeJSON(w, rep)
}

// writeJSON writes v as the JSON reports are written: indented by two
// spaces, exact strings, a final newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
