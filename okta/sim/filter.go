package sim

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// filterExpr is a parsed Okta "filter" query: SCIM-style comparisons such as
// eventType eq "user.session.start" and target.id sw "0oa", joined with and / or and grouped
// with parentheses. It is evaluated against the JSON object the endpoint returns.
type filterExpr interface {
	match(obj JSON) bool
}

type andExpr struct{ left, right filterExpr }
type orExpr struct{ left, right filterExpr }
type cmpExpr struct {
	path  []string
	op    string // eq ne sw co ew pr
	value any    // string, float64, bool or nil
}

func (e andExpr) match(o JSON) bool { return e.left.match(o) && e.right.match(o) }
func (e orExpr) match(o JSON) bool  { return e.left.match(o) || e.right.match(o) }

func (e cmpExpr) match(o JSON) bool {
	vals := collect(o, e.path)
	if e.op == "pr" {
		for _, v := range vals {
			if v != nil {
				return true
			}
		}
		return false
	}
	if e.op == "ne" {
		// ne holds when no value equals (an absent attribute is not equal).
		for _, v := range vals {
			if equalValue(v, e.value) {
				return false
			}
		}
		return true
	}
	for _, v := range vals {
		if compare(e.op, v, e.value) {
			return true
		}
	}
	return false
}

// collect follows a dotted path; an array on the way (LogEvent.target) yields every element.
func collect(v any, path []string) []any {
	if len(path) == 0 {
		if arr, ok := v.([]any); ok {
			return arr
		}
		return []any{v}
	}
	switch t := v.(type) {
	case map[string]any:
		return collect(t[path[0]], path[1:])
	case []any:
		var out []any
		for _, e := range t {
			out = append(out, collect(e, path)...)
		}
		return out
	}
	return nil
}

func equalValue(v, want any) bool {
	if s, ok := v.(string); ok {
		w, ok := want.(string)
		return ok && strings.EqualFold(s, w)
	}
	return v == want
}

func compare(op string, v, want any) bool {
	if op == "eq" {
		return equalValue(v, want)
	}
	s, ok1 := v.(string)
	w, ok2 := want.(string)
	if !ok1 || !ok2 {
		return false
	}
	s, w = strings.ToLower(s), strings.ToLower(w)
	switch op {
	case "sw":
		return strings.HasPrefix(s, w)
	case "co":
		return strings.Contains(s, w)
	case "ew":
		return strings.HasSuffix(s, w)
	}
	return false
}

// parseFilter parses a filter expression; "and" binds tighter than "or".
func parseFilter(s string) (filterExpr, error) {
	toks, err := tokenizeFilter(s)
	if err != nil {
		return nil, err
	}
	p := &filterParser{toks: toks}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("unexpected %q", p.toks[p.pos].text)
	}
	return e, nil
}

type filterToken struct {
	text   string
	quoted bool
}

func tokenizeFilter(s string) ([]filterToken, error) {
	var toks []filterToken
	for i := 0; i < len(s); {
		r := rune(s[i])
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(' || r == ')':
			toks = append(toks, filterToken{text: string(r)})
			i++
		case r == '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated string at %d", i)
			}
			toks = append(toks, filterToken{text: b.String(), quoted: true})
			i = j + 1
		default:
			j := i
			for j < len(s) && !unicode.IsSpace(rune(s[j])) && s[j] != '(' && s[j] != ')' && s[j] != '"' {
				j++
			}
			toks = append(toks, filterToken{text: s[i:j]})
			i = j
		}
	}
	if len(toks) == 0 {
		return nil, fmt.Errorf("empty filter")
	}
	return toks, nil
}

type filterParser struct {
	toks []filterToken
	pos  int
}

func (p *filterParser) peekWord(w string) bool {
	return p.pos < len(p.toks) && !p.toks[p.pos].quoted && strings.EqualFold(p.toks[p.pos].text, w)
}

func (p *filterParser) or() (filterExpr, error) {
	left, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peekWord("or") {
		p.pos++
		right, err := p.and()
		if err != nil {
			return nil, err
		}
		left = orExpr{left, right}
	}
	return left, nil
}

func (p *filterParser) and() (filterExpr, error) {
	left, err := p.term()
	if err != nil {
		return nil, err
	}
	for p.peekWord("and") {
		p.pos++
		right, err := p.term()
		if err != nil {
			return nil, err
		}
		left = andExpr{left, right}
	}
	return left, nil
}

func (p *filterParser) term() (filterExpr, error) {
	if p.peekWord("(") {
		p.pos++
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if !p.peekWord(")") {
			return nil, fmt.Errorf("missing )")
		}
		p.pos++
		return e, nil
	}
	if p.pos+1 >= len(p.toks) {
		return nil, fmt.Errorf("incomplete comparison")
	}
	attr, op := p.toks[p.pos], p.toks[p.pos+1]
	if attr.quoted || op.quoted {
		return nil, fmt.Errorf("expected attribute and operator near %q", attr.text)
	}
	opName := strings.ToLower(op.text)
	p.pos += 2
	if opName == "pr" {
		return cmpExpr{path: strings.Split(attr.text, "."), op: opName}, nil
	}
	switch opName {
	case "eq", "ne", "sw", "co", "ew":
	default:
		return nil, fmt.Errorf("unsupported operator %q", op.text)
	}
	if p.pos >= len(p.toks) {
		return nil, fmt.Errorf("missing value after %s", op.text)
	}
	v := p.toks[p.pos]
	p.pos++
	val, err := filterValue(v)
	if err != nil {
		return nil, err
	}
	return cmpExpr{path: strings.Split(attr.text, "."), op: opName, value: val}, nil
}

func filterValue(t filterToken) (any, error) {
	if t.quoted {
		return t.text, nil
	}
	switch strings.ToLower(t.text) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	f, err := strconv.ParseFloat(t.text, 64)
	if err != nil {
		return nil, fmt.Errorf("value %q must be quoted", t.text)
	}
	return f, nil
}

// filterQuery parses the request's filter parameter (nil when absent); a bad filter is
// E0000031 "Invalid search criteria.".
func (c *call) filterQuery() (filterExpr, *apiError) { return c.expressionQuery("filter") }

// expressionQuery parses the query parameter param as a filter expression; nil when absent.
func (c *call) expressionQuery(param string) (filterExpr, *apiError) {
	s := c.query.Get(param)
	if s == "" {
		return nil, nil
	}
	e, err := parseFilter(s)
	if err != nil {
		return nil, invalidSearch(err.Error())
	}
	return e, nil
}
