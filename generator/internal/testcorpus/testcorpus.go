// Package testcorpus gives tests real cables: the corpus of ../shared/corpus
// when it is there, or else the sample of it in testdata/corpus; and the
// archives of original site pages unpacked once into the user's cache
// folder and shared by every test run after.
//
// CABLESITE_CORPUS names the full corpus's folder; when it is set, a
// missing corpus fails the tests instead of falling back to the sample, so
// that CI never runs on less than it means to.
package testcorpus

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// Env is the variable that names the full corpus's folder.
const Env = "CABLESITE_CORPUS"

// Dir returns the corpus folder: $CABLESITE_CORPUS, or ../shared/corpus
// beside the module root, or the sample in testdata/corpus.
func Dir(t testing.TB) string {
	t.Helper()
	if dir, ok := full(t); ok {
		return dir
	}
	return filepath.Join(ModuleRoot(t), "testdata", "corpus")
}

// full returns the full corpus's folder, if there is one; it fails the test
// when CABLESITE_CORPUS names a folder that has none.
func full(t testing.TB) (string, bool) {
	t.Helper()
	dir, required := os.LookupEnv(Env)
	if !required {
		dir = filepath.Join(ModuleRoot(t), "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "cablegate-html.tar.xz")); err != nil {
		if required {
			t.Fatalf("%s=%s, but the corpus is not there: %v", Env, dir, err)
		}
		return "", false
	}
	return dir, true
}

// Full reports whether the tests read the full corpus.
func Full(t testing.TB) bool {
	t.Helper()
	_, ok := full(t)
	return ok
}

// RequireFull skips a test that needs the full corpus when only the sample
// is there (and fails it when CABLESITE_CORPUS says the corpus should be).
func RequireFull(t testing.TB) {
	t.Helper()
	if !Full(t) {
		t.Skipf("needs the full corpus (../shared/corpus, or %s); the sample in testdata/corpus is not enough", Env)
	}
}

// Path returns the path of a file of the corpus: Path(t, "samples", "txt").
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	return filepath.Join(append([]string{Dir(t)}, elem...)...)
}

// ModuleRoot returns the folder of go.mod.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the test's folder")
		}
		dir = parent
	}
}

var unpackMu sync.Mutex

// Unpacked returns the folder that the corpus archive name (such as
// "cablegate-html.tar.xz") unpacks into, unpacking it on first use. The
// cache is keyed by the archive's size and time, so a new corpus, or the
// sample, unpacks anew.
func Unpacked(t testing.TB, name string) string {
	t.Helper()
	unpackMu.Lock()
	defer unpackMu.Unlock()
	archive := Path(t, name)
	info, err := os.Stat(archive)
	if err != nil {
		t.Fatal(err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "cablesite-corpus", fmt.Sprintf("%s-%d-%d", name, info.Size(), info.ModTime().Unix()))
	if _, err := os.Stat(filepath.Join(dir, ".done")); err == nil {
		return dir
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".unpack-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	if out, err := exec.Command("tar", "-xJf", archive, "-C", tmp).CombinedOutput(); err != nil {
		t.Fatalf("unpack %s (needs tar and xz): %v\n%s", archive, err, out)
	}
	if err := os.WriteFile(filepath.Join(tmp, ".done"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another test process unpacked it first.
		if _, statErr := os.Stat(filepath.Join(dir, ".done")); statErr != nil {
			t.Fatalf("unpack %s: %v", archive, err)
		}
	}
	return dir
}

// SampleTexts returns the texts of the corpus's plain-text samples.
func SampleTexts(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(Path(t, "samples", "txt"), "*.txt"))
	if len(files) == 0 {
		t.Fatal("no sample cables in the corpus")
	}
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(data))
	}
	return out
}
