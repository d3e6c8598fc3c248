package sim

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// A small evaluator for the Okta Expression Language forms that IdP sign-in uses: profile
// mapping rows (prefix "appuser", the IdP profile) and the IdP username template (prefix
// "idpuser"). It understands what Okta's defaults and the guide write:
//
//	appuser.fname
//	"a literal"   'a literal'   null
//	appuser.zoneinfo == null ? "America/Los_Angeles" : appuser.zoneinfo
//	(and != instead of ==)
//
// Anything else — functions, concatenation, other prefixes — is reported as unsupported,
// so a sign-in fails with a reason that names the expression instead of guessing a value.

var errUnsupportedExpression = errors.New("unsupported expression")

// evalExpression evaluates expr against profile, reading "<prefix>.<attribute>". A missing
// attribute is null (nil).
func evalExpression(expr, prefix string, profile JSON) (any, error) {
	toks, err := tokenize(expr)
	if err != nil {
		return nil, err
	}
	p := &exprParser{toks: toks, prefix: prefix, profile: profile}
	v, err := p.expression()
	if err != nil {
		return nil, err
	}
	if !p.done() {
		return nil, fmt.Errorf("%w: unexpected %q", errUnsupportedExpression, p.peek().text)
	}
	return v, nil
}

type tokenKind int

const (
	tokRef tokenKind = iota // prefix.attribute (or any dotted name)
	tokString
	tokNull
	tokOp // == != ? :
)

type token struct {
	kind tokenKind
	text string // the reference, the literal's value or the operator
}

func tokenize(s string) ([]token, error) {
	var out []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '"' || r == '\'':
			j := i + 1
			for j < len(rs) && rs[j] != r {
				if rs[j] == '\\' {
					return nil, fmt.Errorf("%w: escapes in string literals", errUnsupportedExpression)
				}
				j++
			}
			if j == len(rs) {
				return nil, fmt.Errorf("%w: unterminated string literal", errUnsupportedExpression)
			}
			out = append(out, token{tokString, string(rs[i+1 : j])})
			i = j + 1
		case r == '?' || r == ':':
			out = append(out, token{tokOp, string(r)})
			i++
		case (r == '=' || r == '!') && i+1 < len(rs) && rs[i+1] == '=':
			out = append(out, token{tokOp, string(rs[i : i+2])})
			i += 2
		case unicode.IsLetter(r) || r == '_' || r == '$':
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '_' || rs[j] == '$' || rs[j] == '.') {
				j++
			}
			word := string(rs[i:j])
			if word == "null" {
				out = append(out, token{tokNull, word})
			} else {
				out = append(out, token{tokRef, word})
			}
			i = j
		default:
			return nil, fmt.Errorf("%w: unexpected %q", errUnsupportedExpression, string(r))
		}
	}
	return out, nil
}

type exprParser struct {
	toks    []token
	pos     int
	prefix  string
	profile JSON
}

func (p *exprParser) done() bool  { return p.pos >= len(p.toks) }
func (p *exprParser) peek() token { return p.toks[p.pos] }

// expression := operand [ ("==" | "!=") operand "?" operand ":" operand ]
func (p *exprParser) expression() (any, error) {
	left, err := p.operand()
	if err != nil || p.done() {
		return left, err
	}
	op := p.peek()
	if op.kind != tokOp || (op.text != "==" && op.text != "!=") {
		return nil, fmt.Errorf("%w: unexpected %q", errUnsupportedExpression, op.text)
	}
	p.pos++
	right, err := p.operand()
	if err != nil {
		return nil, err
	}
	if err := p.expect("?"); err != nil {
		return nil, err
	}
	then, err := p.operand()
	if err != nil {
		return nil, err
	}
	if err := p.expect(":"); err != nil {
		return nil, err
	}
	otherwise, err := p.operand()
	if err != nil {
		return nil, err
	}
	if !isScalar(left) || !isScalar(right) {
		return nil, fmt.Errorf("%w: only strings, numbers, booleans and null can be compared", errUnsupportedExpression)
	}
	if (left == right) == (op.text == "==") {
		return then, nil
	}
	return otherwise, nil
}

func (p *exprParser) expect(op string) error {
	if p.done() || p.peek().kind != tokOp || p.peek().text != op {
		return fmt.Errorf("%w: expected %q", errUnsupportedExpression, op)
	}
	p.pos++
	return nil
}

// isScalar reports whether == on the value is meaningful (and does not panic).
func isScalar(v any) bool {
	switch v.(type) {
	case nil, string, float64, bool:
		return true
	}
	return false
}

// operand := reference | string | null.
func (p *exprParser) operand() (any, error) {
	if p.done() {
		return nil, fmt.Errorf("%w: ends too early", errUnsupportedExpression)
	}
	t := p.peek()
	p.pos++
	switch t.kind {
	case tokString:
		return t.text, nil
	case tokNull:
		return nil, nil
	case tokRef:
		attr, ok := strings.CutPrefix(t.text, p.prefix+".")
		if !ok || attr == "" || strings.Contains(attr, ".") {
			return nil, fmt.Errorf("%w: %s is not a %s.<attribute> reference", errUnsupportedExpression, t.text, p.prefix)
		}
		return p.profile[attr], nil
	default:
		return nil, fmt.Errorf("%w: unexpected %q", errUnsupportedExpression, t.text)
	}
}
