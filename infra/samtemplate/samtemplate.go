// Package samtemplate reads template.yaml so that the local stack, the dev
// server and the tests take functions, routes, tables, buckets and queues
// from the one place they are declared, instead of restating them.
package samtemplate

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Template is the part of template.yaml that runs locally.
type Template struct {
	Dir        string            // the folder template.yaml is in ("" when parsed from bytes)
	Parameters map[string]string // parameter name -> default
	Resources  map[string]Resource
	listParams map[string]bool // parameters whose Ref is a list (CommaDelimitedList, List<...>)
}

// Resource is one CloudFormation resource with its properties in generic
// form; intrinsic functions appear as {"Ref": x}, {"Fn::GetAtt": [r, a]}, ...
type Resource struct {
	Type       string
	Properties map[string]any
}

// Route is one HttpApi event of a function.
type Route struct {
	Method, Path string
}

// Key is the API Gateway route key, e.g. "GET /municipalities/{id}".
func (r Route) Key() string { return r.Method + " " + r.Path }

// QueueEvent is an SQS event of a function: Lambda polls Queue and hands
// the function up to BatchSize messages per invocation.
type QueueEvent struct {
	Queue     string // logical id of the AWS::SQS::Queue
	BatchSize int    // AWS's default of 10 when the template sets none
	// ReportBatchItemFailures is FunctionResponseTypes: [ReportBatchItemFailures].
	// Without it Lambda ignores the response and a successful invocation
	// deletes the whole batch.
	ReportBatchItemFailures bool
}

// StreamEvent is a DynamoDB stream event of a function: Lambda reads the
// table's stream and hands the function up to BatchSize records that pass
// the filters, retrying a failed batch from its first failed record up to
// MaximumRetryAttempts times before sending it to OnFailure.
type StreamEvent struct {
	Table                   string   // logical id of the AWS::DynamoDB::Table
	BatchSize               int      // AWS's default of 100 when the template sets none
	StartingPosition        string   // TRIM_HORIZON or LATEST
	Filters                 []string // filter patterns, JSON
	MaximumRetryAttempts    int      // -1 is AWS's default: until the record expires
	OnFailure               string   // logical id of an AWS::SQS::Queue, or ""
	ReportBatchItemFailures bool
}

// Function is a serverless function and what triggers it.
type Function struct {
	LogicalID string
	Env       map[string]any // may hold intrinsics; see Resolve
	Routes    []Route
	Queues    []QueueEvent
	Streams   []StreamEvent
}

// Find returns the path of template.yaml in dir or the nearest parent, so
// tests in any package find the one at the repository root.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "template.yaml")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("template.yaml not found in this directory or its parents")
		}
		dir = parent
	}
}

// Load reads and parses the template at path.
func Load(path string) (*Template, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t, err := Parse(b)
	if err != nil {
		return nil, err
	}
	t.Dir = filepath.Dir(path)
	return t, nil
}

// LoadNearest loads the template.yaml that Find finds from dir.
func LoadNearest(dir string) (*Template, error) {
	path, err := Find(dir)
	if err != nil {
		return nil, err
	}
	return Load(path)
}

// Parse parses template YAML, turning CloudFormation's short-form tags
// (!Ref, !GetAtt, !Sub, ...) into their long form.
func Parse(b []byte) (*Template, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	doc, ok := generic(&root).(map[string]any)
	if !ok {
		return nil, errors.New("template: not a mapping")
	}
	t := &Template{Parameters: map[string]string{}, Resources: map[string]Resource{}, listParams: map[string]bool{}}
	if params, ok := doc["Parameters"].(map[string]any); ok {
		for name, p := range params {
			if m, ok := p.(map[string]any); ok {
				t.Parameters[name] = fmt.Sprint(m["Default"])
				typ, _ := m["Type"].(string)
				t.listParams[name] = typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<")
			}
		}
	}
	resources, _ := doc["Resources"].(map[string]any)
	for id, r := range resources {
		m, _ := r.(map[string]any)
		typ, _ := m["Type"].(string)
		props, _ := m["Properties"].(map[string]any)
		t.Resources[id] = Resource{Type: typ, Properties: props}
	}
	globals, _ := doc["Globals"].(map[string]any)
	t.mergeGlobalEnv(globals)
	return t, nil
}

// mergeGlobalEnv copies Globals.Function environment variables into each
// function that does not set them itself, as SAM does.
func (t *Template) mergeGlobalEnv(globals map[string]any) {
	fn, _ := globals["Function"].(map[string]any)
	global := envOf(fn)
	for id, r := range t.Resources {
		if r.Type != "AWS::Serverless::Function" {
			continue
		}
		if r.Properties == nil {
			r.Properties = map[string]any{}
		}
		env := envOf(r.Properties)
		merged := map[string]any{}
		for k, v := range global {
			merged[k] = v
		}
		for k, v := range env {
			merged[k] = v
		}
		r.Properties["Environment"] = map[string]any{"Variables": merged}
		t.Resources[id] = r
	}
}

func envOf(props map[string]any) map[string]any {
	e, _ := props["Environment"].(map[string]any)
	v, _ := e["Variables"].(map[string]any)
	return v
}

// Functions lists the serverless functions, sorted by logical id.
func (t *Template) Functions() []Function {
	var out []Function
	for id, r := range t.Resources {
		if r.Type != "AWS::Serverless::Function" {
			continue
		}
		f := Function{LogicalID: id, Env: envOf(r.Properties)}
		events, _ := r.Properties["Events"].(map[string]any)
		for _, e := range events {
			ev, _ := e.(map[string]any)
			p, _ := ev["Properties"].(map[string]any)
			switch ev["Type"] {
			case "HttpApi":
				f.Routes = append(f.Routes, Route{Method: strings.ToUpper(fmt.Sprint(p["Method"])), Path: fmt.Sprint(p["Path"])})
			case "SQS":
				if id, ok := RefTarget(p["Queue"]); ok {
					f.Queues = append(f.Queues, queueEvent(id, p))
				}
			case "DynamoDB":
				if id, ok := RefTarget(p["Stream"]); ok {
					f.Streams = append(f.Streams, streamEvent(id, p))
				}
			}
		}
		sort.Slice(f.Routes, func(i, j int) bool { return f.Routes[i].Key() < f.Routes[j].Key() })
		sort.Slice(f.Queues, func(i, j int) bool { return f.Queues[i].Queue < f.Queues[j].Queue })
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].LogicalID < out[j].LogicalID })
	return out
}

func queueEvent(queue string, props map[string]any) QueueEvent {
	e := QueueEvent{Queue: queue, BatchSize: 10}
	// cfn-lint (make lint) rejects a BatchSize that is not an integer.
	if n, err := strconv.Atoi(fmt.Sprint(props["BatchSize"])); err == nil {
		e.BatchSize = n
	}
	responseTypes, _ := props["FunctionResponseTypes"].([]any)
	e.ReportBatchItemFailures = slices.Contains(responseTypes, any("ReportBatchItemFailures"))
	return e
}

func streamEvent(table string, props map[string]any) StreamEvent {
	e := StreamEvent{Table: table, BatchSize: 100, StartingPosition: fmt.Sprint(props["StartingPosition"]), MaximumRetryAttempts: -1}
	if n, err := strconv.Atoi(fmt.Sprint(props["BatchSize"])); err == nil {
		e.BatchSize = n
	}
	if n, err := strconv.Atoi(fmt.Sprint(props["MaximumRetryAttempts"])); err == nil {
		e.MaximumRetryAttempts = n
	}
	responseTypes, _ := props["FunctionResponseTypes"].([]any)
	e.ReportBatchItemFailures = slices.Contains(responseTypes, any("ReportBatchItemFailures"))
	criteria, _ := props["FilterCriteria"].(map[string]any)
	filters, _ := criteria["Filters"].([]any)
	for _, f := range filters {
		if m, ok := f.(map[string]any); ok {
			e.Filters = append(e.Filters, fmt.Sprint(m["Pattern"]))
		}
	}
	dest, _ := props["DestinationConfig"].(map[string]any)
	onFailure, _ := dest["OnFailure"].(map[string]any)
	if id, ok := RefTarget(onFailure["Destination"]); ok {
		e.OnFailure = id
	}
	return e
}

// OfType lists the logical ids of resources of a CloudFormation type, sorted.
func (t *Template) OfType(typ string) []string {
	var ids []string
	for id, r := range t.Resources {
		if r.Type == typ {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// RefTarget returns the resource or parameter a {"Ref": x} or
// {"Fn::GetAtt": [x, ...]} points at.
func RefTarget(v any) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return "", false
	}
	if r, ok := m["Ref"].(string); ok {
		return r, true
	}
	if g, ok := m["Fn::GetAtt"].([]any); ok && len(g) > 0 {
		s, ok := g[0].(string)
		return s, ok
	}
	return "", false
}

// Resolve evaluates a property value locally: literals as they are, Ref to a
// parameter's default or to physical(resource), GetAtt through attr.
func (t *Template) Resolve(v any, physical func(logicalID, attr string) (string, error)) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case int, float64, bool:
		return fmt.Sprint(x), nil
	case map[string]any:
		if r, ok := x["Ref"].(string); ok {
			if d, ok := t.Parameters[r]; ok {
				return d, nil
			}
			return physical(r, "")
		}
		if g, ok := x["Fn::GetAtt"].([]any); ok && len(g) == 2 {
			return physical(fmt.Sprint(g[0]), fmt.Sprint(g[1]))
		}
	}
	return "", fmt.Errorf("template: cannot resolve %v locally", v)
}

// ResolveAll evaluates every intrinsic function in a property value, as
// Resolve does, so the value can be decoded into the API's types. A Ref to
// a list parameter (CommaDelimitedList) becomes a list: its default split at
// commas, each member trimmed, as CloudFormation does.
func (t *Template) ResolveAll(v any, physical func(logicalID, attr string) (string, error)) (any, error) {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			r, err := t.ResolveAll(e, physical)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	case map[string]any:
		if r, ok := x["Ref"].(string); ok && t.listParams[r] {
			var out []any
			for _, m := range strings.Split(t.Parameters[r], ",") {
				out = append(out, strings.TrimSpace(m))
			}
			return out, nil
		}
		if intrinsic(x) {
			return t.Resolve(x, physical)
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			r, err := t.ResolveAll(e, physical)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			out[k] = r
		}
		return out, nil
	}
	return v, nil
}

// intrinsic reports whether m is an intrinsic function: {"Ref": ...} or
// {"Fn::...": ...}.
func intrinsic(m map[string]any) bool {
	if len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

var shortTags = map[string]string{
	"!Ref": "Ref", "!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub", "!Join": "Fn::Join",
	"!If": "Fn::If", "!Equals": "Fn::Equals", "!Not": "Fn::Not", "!Select": "Fn::Select",
	"!Split": "Fn::Split", "!FindInMap": "Fn::FindInMap", "!ImportValue": "Fn::ImportValue",
}

// generic turns a YAML node into maps, slices and scalars.
func generic(n *yaml.Node) any {
	var v any
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return generic(n.Content[0])
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = generic(n.Content[i+1])
		}
		v = m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = generic(c)
		}
		v = s
	case yaml.AliasNode:
		return generic(n.Alias)
	default:
		// A plain scalar keeps its YAML type (tag !!int, !!bool, ...); under
		// a CloudFormation tag (!Ref x) it is the tag's argument, a string.
		var scalar any
		if err := n.Decode(&scalar); err != nil || strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
			scalar = n.Value
		}
		v = scalar
	}
	long, ok := shortTags[n.Tag]
	if !ok {
		return v
	}
	if long == "Fn::GetAtt" {
		if s, isStr := v.(string); isStr {
			parts := strings.SplitN(s, ".", 2)
			list := make([]any, len(parts))
			for i, p := range parts {
				list[i] = p
			}
			v = list
		}
	}
	return map[string]any{long: v}
}
