package render

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"cablesite/generator/internal/testcorpus"
)

func TestCableTextNotACable(t *testing.T) {
	if _, err := CableText(strings.NewReader("<html><body><p>About</p></body></html>")); err == nil {
		t.Error("a page with no cable's text read as a cable")
	}
}

// TestContractScript checks that site.js reads a cable's page with the
// selectors of the contract (see contract.go): its object "contract"
// names each of them.
func TestContractScript(t *testing.T) {
	js, err := os.ReadFile(filepath.Join(testcorpus.ModuleRoot(t), "assets", "site.js"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)var contract = \{(.*?)\};`).FindSubmatch(js)
	if m == nil {
		t.Fatal(`site.js has no "var contract = {…};"`)
	}
	got := map[string]string{}
	for _, kv := range regexp.MustCompile(`(\w+): "([^"]*)"`).FindAllSubmatch(m[1], -1) {
		got[string(kv[1])] = string(kv[2])
	}
	want := map[string]string{"cable": ContractCable, "text": ContractText, "block": ContractBlock, "pre": ContractPre, "id": ContractID}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("site.js contract.%s = %q; contract.go says %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("site.js contract %v; contract.go has %v", got, want)
	}
}
