package samtemplate

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestOpenAPIMatchesTemplate checks that openapi.yaml documents exactly the
// HTTP routes template.yaml declares.
func TestOpenAPIMatchesTemplate(t *testing.T) {
	tmpl, err := LoadNearest(".")
	if err != nil {
		t.Fatal(err)
	}
	inTemplate := map[string]bool{}
	for _, f := range tmpl.Functions() {
		for _, r := range f.Routes {
			inTemplate[r.Key()] = true
		}
	}

	b, err := os.ReadFile(filepath.Join(tmpl.Dir, "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Paths map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(b, &spec); err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	inSpec := map[string]bool{}
	for p, ops := range spec.Paths {
		for m := range ops {
			if slices.Contains([]string{"get", "put", "post", "delete", "patch"}, m) {
				inSpec[Route{Method: strings.ToUpper(m), Path: p}.Key()] = true
			}
		}
	}

	var problems []string
	for k := range inTemplate {
		if !inSpec[k] {
			problems = append(problems, k+": in template.yaml, not in openapi.yaml")
		}
	}
	for k := range inSpec {
		if !inTemplate[k] {
			problems = append(problems, k+": in openapi.yaml, not in template.yaml")
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		t.Errorf("routes differ:\n%s", strings.Join(problems, "\n"))
	}
	if len(inTemplate) == 0 {
		t.Error("template.yaml declares no routes")
	}
}
