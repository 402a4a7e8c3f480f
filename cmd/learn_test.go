package cmd

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/tokenlab/tokenlab/internal/golden"
	"github.com/tokenlab/tokenlab/lesson/progress"
)

// learn's screens, driven by piped keys: each case's transcript is pinned.
func TestLearnScreens(t *testing.T) {
	tests := []struct {
		name  string
		setup func(l *learner)
		args  []string
		keys  string
	}{
		// Every step with Enter, a hint, a solution and a wrong key on the
		// way, then the quiz, all right.
		{"whole_walk", nil, nil, "\nh\n\nx\ns\n\n\n\n\n\n\n\nA\nC\nB\nD\nA\n"},
		{"quit_at_once", nil, nil, "q\n"},
		{"end_of_input", nil, nil, "\n"},
		{"step_4_solution_in_go", func(l *learner) { l.mustRun(ExitFailed, "check", boundarySolution) }, []string{"--lang", "go"}, "\n\n\ns\nq\n"},
		{"resumes_after_the_steps_that_pass", func(l *learner) { l.mustRun(ExitFailed, "check", boundarySolution) }, []string{"--current-time", "100"}, "\n\nq\n"},
		{"all_steps_pass_so_the_quiz", func(l *learner) { l.mustRun(ExitOK, "check", passingSolution) }, nil, "maybe\nA\nq\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLearner(t)
			if tt.setup != nil {
				tt.setup(l)
			}
			r := l.runIn(tt.keys, append([]string{"learn"}, tt.args...)...)
			if r.code != ExitOK || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			if strings.Contains(r.stdout, "\x1b") {
				t.Error("output to a pipe has escape sequences")
			}
			golden.Assert(t, []byte(r.stdout))
		})
	}
}

func TestLearnRecordsTheQuizAndNothingElse(t *testing.T) {
	l := newLearner(t)
	l.runIn("\n\n\n\n\n\n\n\n\nA\nB\nq\n", "learn")
	p, err := progress.Decode(l.file())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.StepsDone) != 0 || p.Quiz.Attempts != 1 || p.Quiz.Last.Score != 1 || p.Quiz.Last.Finished {
		t.Errorf("progress after learn = %+v, quiz last %+v; want no steps and one unfinished attempt scoring 1", p, p.Quiz.Last)
	}
}

// Ctrl-C in the quiz learn runs ends it as the quiz does: exit 130, and
// the answers given so far are recorded as an attempt.
func TestLearnInterruptedInItsQuiz(t *testing.T) {
	l := newLearner(t)
	l.mustRun(ExitOK, "check", passingSolution) // so learn goes straight to the quiz
	ios, _, _, _ := TestStreams()
	ios.Getenv = homeEnv(l.home)
	out := &syncBuffer{}
	pr, pw := io.Pipe()
	ios.In, ios.Out = pr, out
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- Run(ctx, ios, []string{"learn"}) }()
	_, _ = io.WriteString(pw, "\nA\n")
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "[2/5]") {
		if time.Now().After(deadline) {
			t.Fatalf("learn's quiz never reached question 2:\n%s", out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != ExitInterrupted {
		t.Errorf("exit code = %d, want %d", code, ExitInterrupted)
	}
	p, err := progress.Decode(l.file())
	if err != nil {
		t.Fatal(err)
	}
	if p.Quiz.Attempts != 1 || len(p.Quiz.Last.Answers) != 1 || p.Quiz.Last.Finished {
		t.Errorf("quiz record = %+v, last %+v; want one unfinished attempt with one answer", p.Quiz, p.Quiz.Last)
	}
}
