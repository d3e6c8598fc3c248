package terraform

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// providerArguments are the provider's documented argument names (see the file's header).
//
//go:embed testdata/okta-provider-arguments.txt
var providerArguments string

// documented maps "<resource type>" and "<resource type>.<block>" (and "provider") to the
// argument names the provider's docs list for it.
func documented(t testing.TB) map[string]map[string]bool {
	t.Helper()
	out := map[string]map[string]bool{}
	for i, line := range strings.Split(providerArguments, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		scope, name, ok := strings.Cut(line, " ")
		if !ok || strings.Contains(name, " ") {
			t.Fatalf("testdata line %d is not \"<scope> <name>\": %q", i+1, line)
		}
		if out[scope] == nil {
			out[scope] = map[string]bool{}
		}
		out[scope][name] = true
	}
	return out
}

// parsed is an export read back with HCL's own parser.
type parsed struct {
	resources map[string]*hclsyntax.Block // by address
	order     []string                    // addresses in file order
	imports   map[string]string           // import id by address
	blocks    []*hclsyntax.Block          // every top-level block, for the schema check
	files     map[string]*hclsyntax.Body
}

// parse reads every file of res back; any syntax error fails the test.
func parse(t testing.TB, res *Result) *parsed {
	t.Helper()
	p := &parsed{resources: map[string]*hclsyntax.Block{}, imports: map[string]string{}, files: map[string]*hclsyntax.Body{}}
	parser := hclparse.NewParser()
	for _, f := range res.Files {
		file, diags := parser.ParseHCL(f.Content, f.Name)
		if diags.HasErrors() {
			t.Fatalf("%s does not parse: %s\n%s", f.Name, diags.Error(), f.Content)
		}
		body := file.Body.(*hclsyntax.Body)
		p.files[f.Name] = body
		for _, b := range body.Blocks {
			p.blocks = append(p.blocks, b)
			switch b.Type {
			case "resource":
				addr := b.Labels[0] + "." + b.Labels[1]
				if _, dup := p.resources[addr]; dup {
					t.Fatalf("resource %s written twice", addr)
				}
				p.resources[addr] = b
				p.order = append(p.order, addr)
			case "import":
				to := traversal(t, b.Body.Attributes["to"])
				p.imports[to] = literal(t, b.Body.Attributes["id"]).AsString()
			}
		}
	}
	return p
}

// literal evaluates an attribute that must be a constant: with no variables and no
// functions, a template or a reference fails here.
func literal(t testing.TB, a *hclsyntax.Attribute) cty.Value {
	t.Helper()
	if a == nil {
		t.Fatal("attribute missing")
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		t.Fatalf("%s is not a literal: %s", a.Name, diags.Error())
	}
	return v
}

// traversal returns a reference attribute as text, e.g. "okta_idp_oidc.idme.id".
func traversal(t testing.TB, a *hclsyntax.Attribute) string {
	t.Helper()
	if a == nil {
		t.Fatal("attribute missing")
	}
	tr, diags := hcl.AbsTraversalForExpr(a.Expr)
	if diags.HasErrors() {
		t.Fatalf("%s is not a reference: %s", a.Name, diags.Error())
	}
	parts := []string{tr.RootName()}
	for _, step := range tr[1:] {
		parts = append(parts, step.(hcl.TraverseAttr).Name)
	}
	return strings.Join(parts, ".")
}

// attr returns a resource's literal attribute as a string ("" when it is not written).
func (p *parsed) str(t testing.TB, addr, name string) string {
	t.Helper()
	b := p.resources[addr]
	if b == nil {
		t.Fatalf("no resource %s (have %v)", addr, p.order)
	}
	a := b.Body.Attributes[name]
	if a == nil {
		return ""
	}
	return literal(t, a).AsString()
}

// metaArguments are Terraform's own arguments and blocks of a resource.
var metaArguments = map[string]bool{"depends_on": true, "count": true, "for_each": true, "provider": true}

// undocumented lists every argument or block name in the parsed files that the provider's
// docs do not list for its place, and every top-level block this export should not write.
func undocumented(t testing.TB, blocks []*hclsyntax.Block) []string {
	t.Helper()
	docs := documented(t)
	var bad []string
	check := func(where string, allowed map[string]bool, body *hclsyntax.Body) {
		for name := range body.Attributes {
			if !allowed[name] {
				bad = append(bad, where+": argument "+name)
			}
		}
	}
	for _, b := range blocks {
		switch b.Type {
		case "resource":
			typ := b.Labels[0]
			args := docs[typ]
			if args == nil {
				bad = append(bad, "resource type "+typ+" is not in the testdata")
				continue
			}
			for name := range b.Body.Attributes {
				if !args[name] && !metaArguments[name] {
					bad = append(bad, typ+": argument "+name)
				}
			}
			for _, nb := range b.Body.Blocks {
				if nb.Type == "lifecycle" {
					check(typ+".lifecycle", map[string]bool{"prevent_destroy": true, "ignore_changes": true, "create_before_destroy": true}, nb.Body)
					continue
				}
				if !args[nb.Type] {
					bad = append(bad, typ+": block "+nb.Type)
					continue
				}
				check(typ+"."+nb.Type, docs[typ+"."+nb.Type], nb.Body)
			}
		case "provider":
			check("provider", docs["provider"], b.Body)
		case "terraform":
			check("terraform", map[string]bool{"required_version": true}, b.Body)
			for _, nb := range b.Body.Blocks {
				if nb.Type != "required_providers" {
					bad = append(bad, "terraform: block "+nb.Type)
				}
			}
		case "import":
			check("import", map[string]bool{"to": true, "id": true}, b.Body)
		case "variable":
			check("variable", map[string]bool{"type": true, "description": true, "sensitive": true, "nullable": true}, b.Body)
		default:
			bad = append(bad, "top-level block "+b.Type)
		}
	}
	slices.Sort(bad)
	return bad
}

func fileText(res *Result) string {
	var sb strings.Builder
	for _, f := range res.Files {
		fmt.Fprintf(&sb, "--- %s\n%s\n", f.Name, f.Content)
	}
	return sb.String()
}
