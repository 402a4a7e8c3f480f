//go:build !unix

package sandbox

import (
	crand "crypto/rand"
	"errors"
	"os"
	"os/exec"
)

// Supported reports whether solutions can be checked on this system. On
// systems without process groups and rlimits, check refuses to run
// learners' code rather than run it uncontained.
const Supported = false

func (r *Runner) prepare(Spec) (*contained, error) { return nil, errors.New("not supported") }
func exitSignal(*os.ProcessState) string           { return "" }
func processAlive(int) bool                        { return false }
func findBwrap() (string, bool)                    { return "", false }
func findSetpriv() string                          { return "" }
func freshUID() int                                { return 0 }
func signalName(int) string                        { return "" }

func randomBytes(b []byte) { _, _ = crand.Read(b) }

func startRun(cmd *exec.Cmd) error { return cmd.Start() }
func endRun(int)                   {}
func becomeSubreaper() error       { return errors.New("not supported") }

func freshUIDsMapped() bool { return false }
