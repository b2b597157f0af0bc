package remote_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// goTool finds the go command that runs the tests.
func goTool(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(p); err != nil {
		t.Skip("no go command to compile the testdata programs")
	}
	return p
}

func build(t *testing.T, dir string) (string, error) {
	t.Helper()
	cmd := exec.Command(goTool(t), "build", "-o", os.DevNull, "./"+dir)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// errorLines lists the line numbers marked "// ERROR" in a file.
func errorLines(t *testing.T, file string) []int {
	t.Helper()
	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	var lines []int
	s := bufio.NewScanner(f)
	for n := 1; s.Scan(); n++ {
		if strings.Contains(s.Text(), "// ERROR") {
			lines = append(lines, n)
		}
	}
	require.NoError(t, s.Err())
	return lines
}

func TestAWrongKindDoesNotCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles programs")
	}
	t.Run("the control compiles", func(t *testing.T) {
		out, err := build(t, "testdata/rightkind")
		require.NoError(t, err, out)
	})
	t.Run("every marked line is a compile error", func(t *testing.T) {
		out, err := build(t, "testdata/wrongkind")
		require.Error(t, err)
		lines := errorLines(t, "testdata/wrongkind/main.go")
		require.Len(t, lines, 5)
		for _, n := range lines {
			require.Contains(t, out, fmt.Sprintf("main.go:%d:", n), "line %d compiled:\n%s", n, out)
		}
	})
}
