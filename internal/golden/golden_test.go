package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// A test's golden files are its own package's, wherever the test has moved
// its working directory by the time it asserts.
func TestPathIsTheTestingPackagesOwn(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	want := filepath.Join(wd, "testdata", "golden", "TestScreens", "step_3.golden")
	if got := Path(t, "TestScreens/step 3"); got != want {
		t.Errorf("Path = %s, want %s", got, want)
	}
}
