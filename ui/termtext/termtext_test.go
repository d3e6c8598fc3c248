package termtext

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// The attacks of issue 10, each with what must show instead.
func TestLineEscapesEveryControlCharacter(t *testing.T) {
	cases := map[string]struct{ in, want string }{
		"OSC 52 clipboard":       {"x\x1b]52;c;aGk=\x07y", `x\x1b]52;c;aGk=\x07y`},
		"OSC 0 title, ST end":    {"\x1b]0;pwned\x1b\\", `\x1b]0;pwned\x1b\`},
		"CSI clear screen":       {"\x1b[2J\x1b[H", `\x1b[2J\x1b[H`},
		"forged line":            {"ok\r\n\x1b[1APASS", `ok\r\n\x1b[1APASS`},
		"backspace and NUL":      {"a\bb\x00c", `a\x08b\x00c`},
		"tab":                    {"a\tb", `a\tb`},
		"DEL":                    {"a\x7fb", `a\x7fb`},
		"C1 CSI (U+009B)":        {"a\u009b2Jb", `a\u009b2Jb`},
		"C1 OSC (U+009D)":        {"\u009d52;c;aGk=\u009c", `\u009d52;c;aGk=\u009c`},
		"bidi override":          {"txt.\u202egpj", `txt.\u202egpj`},
		"line separator":         {"a\u2028b", `a\u2028b`},
		"not UTF-8":              {"a\xffb\xc2", `a\xffb\xc2`},
		"plain text is kept":     {"Jane Q. Veteran — ✓ 名前 😀", "Jane Q. Veteran — ✓ 名前 😀"},
		"a literal U+FFFD stays": {"a\uFFFDb", "a\uFFFDb"},
	}
	for name, c := range cases {
		if got := Line(c.in); got != c.want {
			t.Errorf("%s: Line(%q) = %q, want %q", name, c.in, got, c.want)
		}
	}
}

func TestBlockKeepsNewlinesOnly(t *testing.T) {
	in := "line one\r\nline two\n\x1b]52;c;aGk=\x07 three\rover"
	want := "line one\nline two\n\\x1b]52;c;aGk=\\x07 three\\rover"
	if got := Block(in); got != want {
		t.Errorf("Block(%q) = %q, want %q", in, got, want)
	}
}

// Whatever goes in, nothing a terminal acts on comes out.
func TestOutputHasNoControlCharacters(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0x3000; r++ {
		all.WriteRune(r)
	}
	all.WriteString("\xff\xfe\xc0")
	for name, out := range map[string]string{"Line": sanitize(all.String(), false, 1<<20), "Block": sanitize(all.String(), true, 1<<20)} {
		if !utf8.ValidString(out) {
			t.Errorf("%s: output is not valid UTF-8", name)
		}
		for _, r := range out {
			if unsafe(r) && !(name == "Block" && r == '\n') {
				t.Errorf("%s: %U came through", name, r)
			}
		}
	}
}

func TestOverlongTextIsCutWithAMarker(t *testing.T) {
	long := strings.Repeat("é", MaxLine+10)
	got := Line(long)
	if !strings.HasPrefix(got, strings.Repeat("é", MaxLine)+"…") || !strings.Contains(got, "10 more characters cut") {
		t.Errorf("Line of %d characters = …%q", MaxLine+10, got[len(got)-40:])
	}
	if got := Line(strings.Repeat("a", MaxLine)); got != strings.Repeat("a", MaxLine) {
		t.Errorf("a line of exactly MaxLine characters was changed")
	}
	if got := Block(strings.Repeat("a\n", MaxBlock)); !strings.Contains(got, fmt.Sprint(MaxBlock, " more characters cut")) {
		t.Errorf("Block was not cut at MaxBlock: ends %q", got[len(got)-40:])
	}
}

// JSON output escapes what encoding/json leaves raw (DEL, C1 controls, bidi controls) and
// still decodes to the very same value.
func TestJSONEscapesWhatEncodingJSONLeavesRaw(t *testing.T) {
	value := map[string]string{"name": "a\u009b2Jb\x7fc\u202ed\x1b[1A\u2028é✓"}
	doc, err := json.Marshal(value)
	if err != nil {
		t.Fatal(err)
	}
	got := JSON(doc)
	for _, r := range string(got) {
		if unsafe(r) {
			t.Errorf("raw %U left in %s", r, got)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(got, &back); err != nil || back["name"] != value["name"] {
		t.Errorf("decodes to %q (%v), want %q", back["name"], err, value["name"])
	}
	if plain := []byte(`{"a":"é✓"}`); string(JSON(plain)) != string(plain) {
		t.Errorf("a clean document changed: %s", JSON(plain))
	}
}
