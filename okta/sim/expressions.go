package sim

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// An evaluator for the part of the Okta Expression Language that IdP sign-in uses: profile
// mapping rows (prefix "appuser", the IdP profile) and the IdP username template (prefix
// "idpuser"). Okta EL is built on Spring's expression language; the forms here are the ones
// Okta's EL reference documents ("Constants and operators", "Conditional expressions"):
//
//	appuser.fname                     a reference; a missing attribute is null
//	"a literal"  'a literal'  12  1.5  true  false  null
//	cond ? a : b                      ternary; cond must be a boolean (right-associative)
//	a ?: b                            Elvis: b when a is null or an empty string
//	a == b   a != b   < > <= >=       comparisons; anything compares with null
//	x AND y   x OR y   !x             also and/or/&&/||, on booleans
//	a + b                             string concatenation (or a sum of two numbers)
//	( … )
//
// so a row can read whichever claim is present, e.g.
// appuser.fname != null ? appuser.fname : appuser.firstName, or appuser.fname ?: appuser.firstName.
// Anything else — functions such as String.len, other prefixes, nested references — is
// reported as unsupported, so a sign-in fails with a reason that names the expression
// instead of guessing a value.

var errUnsupportedExpression = errors.New("unsupported expression")

func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUnsupportedExpression, fmt.Sprintf(format, args...))
}

// evalExpression evaluates expr against profile, reading "<prefix>.<attribute>". A missing
// attribute is null (nil).
func evalExpression(expr, prefix string, profile JSON) (any, error) {
	toks, err := tokenize(expr)
	if err != nil {
		return nil, err
	}
	p := &exprParser{toks: toks, prefix: prefix, profile: profile}
	v, err := p.ternary()
	if err != nil {
		return nil, err
	}
	if !p.done() {
		return nil, unsupported("unexpected %q", p.peek().text)
	}
	return v, nil
}

type tokenKind int

const (
	tokRef tokenKind = iota // prefix.attribute (or any dotted name)
	tokString
	tokNumber
	tokKeyword // null, true, false, and, or, not
	tokOp      // ?: ? : == != <= >= < > ! + ( ) && ||
)

type token struct {
	kind tokenKind
	text string // the reference, the literal's value, the lower-cased keyword or the operator
}

// operators, longest first so that "?:" wins over "?" and "==" over "=".
var operators = []string{"?:", "==", "!=", "<=", ">=", "&&", "||", "?", ":", "<", ">", "!", "+", "(", ")"}

var keywords = map[string]bool{"null": true, "true": true, "false": true, "and": true, "or": true, "not": true}

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
					return nil, unsupported("escapes in string literals")
				}
				j++
			}
			if j == len(rs) {
				return nil, unsupported("unterminated string literal")
			}
			out = append(out, token{tokString, string(rs[i+1 : j])})
			i = j + 1
		case unicode.IsDigit(r):
			j := i
			for j < len(rs) && (unicode.IsDigit(rs[j]) || rs[j] == '.') {
				j++
			}
			out = append(out, token{tokNumber, string(rs[i:j])})
			i = j
		case unicode.IsLetter(r) || r == '_' || r == '$':
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '_' || rs[j] == '$' || rs[j] == '.') {
				j++
			}
			word := string(rs[i:j])
			if keywords[strings.ToLower(word)] {
				out = append(out, token{tokKeyword, strings.ToLower(word)})
			} else {
				out = append(out, token{tokRef, word})
			}
			i = j
		default:
			op := ""
			for _, candidate := range operators {
				if strings.HasPrefix(string(rs[i:min(i+2, len(rs))]), candidate) {
					op = candidate
					break
				}
			}
			if op == "" {
				return nil, unsupported("unexpected %q", string(r))
			}
			out = append(out, token{tokOp, op})
			i += len([]rune(op))
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

// accept consumes the next token when it is one of the operators or keywords given.
func (p *exprParser) accept(texts ...string) (string, bool) {
	if p.done() {
		return "", false
	}
	t := p.peek()
	if t.kind != tokOp && t.kind != tokKeyword {
		return "", false
	}
	for _, want := range texts {
		if t.text == want {
			p.pos++
			return want, true
		}
	}
	return "", false
}

func (p *exprParser) expect(op string) error {
	if _, ok := p.accept(op); !ok {
		return unsupported("expected %q", op)
	}
	return nil
}

// ternary := elvis [ "?" ternary ":" ternary ]
func (p *exprParser) ternary() (any, error) {
	cond, err := p.elvis()
	if err != nil {
		return nil, err
	}
	if _, ok := p.accept("?"); !ok {
		return cond, nil
	}
	then, err := p.ternary()
	if err != nil {
		return nil, err
	}
	if err := p.expect(":"); err != nil {
		return nil, err
	}
	otherwise, err := p.ternary()
	if err != nil {
		return nil, err
	}
	b, ok := cond.(bool)
	if !ok {
		// Okta: "Expressions must evaluate to a Boolean" (the condition of a ternary).
		return nil, unsupported("the condition of ?: is %s, not a boolean", describeValue(cond))
	}
	if b {
		return then, nil
	}
	return otherwise, nil
}

// elvis := or [ "?:" elvis ]. Both sides are evaluated (no side effects exist here).
func (p *exprParser) elvis() (any, error) {
	left, err := p.or()
	if err != nil {
		return nil, err
	}
	if _, ok := p.accept("?:"); !ok {
		return left, nil
	}
	right, err := p.elvis()
	if err != nil {
		return nil, err
	}
	if left == nil || left == "" {
		return right, nil
	}
	return left, nil
}

// or := and { ("or" | "||") and }; and := not { ("and" | "&&") not }
func (p *exprParser) or() (any, error) {
	return p.logical(p.and, "or", "||")
}

func (p *exprParser) and() (any, error) {
	return p.logical(p.not, "and", "&&")
}

func (p *exprParser) logical(operand func() (any, error), ops ...string) (any, error) {
	left, err := operand()
	if err != nil {
		return nil, err
	}
	for {
		op, ok := p.accept(ops...)
		if !ok {
			return left, nil
		}
		right, err := operand()
		if err != nil {
			return nil, err
		}
		l, lok := left.(bool)
		r, rok := right.(bool)
		if !lok || !rok {
			return nil, unsupported("%s needs booleans, not %s and %s", op, describeValue(left), describeValue(right))
		}
		if ops[0] == "or" {
			left = l || r
		} else {
			left = l && r
		}
	}
}

// not := ("!" | "not") not | comparison
func (p *exprParser) not() (any, error) {
	if _, ok := p.accept("!", "not"); ok {
		v, err := p.not()
		if err != nil {
			return nil, err
		}
		b, ok := v.(bool)
		if !ok {
			return nil, unsupported("! needs a boolean, not %s", describeValue(v))
		}
		return !b, nil
	}
	return p.comparison()
}

// comparison := sum [ ("==" | "!=" | "<" | ">" | "<=" | ">=") sum ]
func (p *exprParser) comparison() (any, error) {
	left, err := p.sum()
	if err != nil {
		return nil, err
	}
	op, ok := p.accept("==", "!=", "<", ">", "<=", ">=")
	if !ok {
		return left, nil
	}
	right, err := p.sum()
	if err != nil {
		return nil, err
	}
	switch op {
	case "==", "!=":
		eq, err := equal(left, right)
		if err != nil {
			return nil, err
		}
		return eq == (op == "=="), nil
	}
	return relational(op, left, right)
}

// equal: anything equals null only when it is null; otherwise strings, numbers and booleans
// compare by value.
func equal(a, b any) (bool, error) {
	if a == nil || b == nil {
		return a == nil && b == nil, nil
	}
	if !isScalar(a) || !isScalar(b) {
		return false, unsupported("only strings, numbers, booleans and null can be compared")
	}
	return a == b, nil
}

func relational(op string, a, b any) (any, error) {
	var c int
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		if !ok {
			return nil, unsupported("%s compares %s with %s", op, describeValue(a), describeValue(b))
		}
		c = cmpOrdered(x, y)
	case string:
		y, ok := b.(string)
		if !ok {
			return nil, unsupported("%s compares %s with %s", op, describeValue(a), describeValue(b))
		}
		c = cmpOrdered(x, y)
	default:
		return nil, unsupported("%s compares %s with %s", op, describeValue(a), describeValue(b))
	}
	switch op {
	case "<":
		return c < 0, nil
	case ">":
		return c > 0, nil
	case "<=":
		return c <= 0, nil
	}
	return c >= 0, nil
}

func cmpOrdered[T float64 | string](x, y T) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// sum := operand { "+" operand }. Two numbers add; otherwise the values are concatenated as
// strings, null reading "null" as in Spring's expression language. // unverified for Okta
func (p *exprParser) sum() (any, error) {
	left, err := p.operand()
	if err != nil {
		return nil, err
	}
	for {
		if _, ok := p.accept("+"); !ok {
			return left, nil
		}
		right, err := p.operand()
		if err != nil {
			return nil, err
		}
		if x, ok := left.(float64); ok {
			if y, ok := right.(float64); ok {
				left = x + y
				continue
			}
		}
		ls, lok := concatText(left)
		rs, rok := concatText(right)
		if !lok || !rok {
			return nil, unsupported("+ joins strings, numbers, booleans and null, not %s and %s", describeValue(left), describeValue(right))
		}
		left = ls + rs
	}
}

func concatText(v any) (string, bool) {
	switch t := v.(type) {
	case nil:
		return "null", true
	case string:
		return t, true
	case bool:
		return strconv.FormatBool(t), true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	}
	return "", false
}

// operand := reference | string | number | true | false | null | "(" ternary ")"
func (p *exprParser) operand() (any, error) {
	if p.done() {
		return nil, unsupported("ends too early")
	}
	if _, ok := p.accept("("); ok {
		v, err := p.ternary()
		if err != nil {
			return nil, err
		}
		return v, p.expect(")")
	}
	t := p.peek()
	p.pos++
	switch t.kind {
	case tokString:
		return t.text, nil
	case tokNumber:
		n, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, unsupported("%q is not a number", t.text)
		}
		return n, nil
	case tokKeyword:
		switch t.text {
		case "null":
			return nil, nil
		case "true", "false":
			return t.text == "true", nil
		}
	case tokRef:
		attr, ok := strings.CutPrefix(t.text, p.prefix+".")
		if !ok || attr == "" || strings.Contains(attr, ".") {
			return nil, unsupported("%s is not a %s.<attribute> reference", t.text, p.prefix)
		}
		if !p.done() && p.peek().kind == tokOp && p.peek().text == "(" {
			return nil, unsupported("functions such as %s(…)", t.text)
		}
		return p.profile[attr], nil
	}
	return nil, unsupported("unexpected %q", t.text)
}

// isScalar reports whether == on the value is meaningful (and does not panic).
func isScalar(v any) bool {
	switch v.(type) {
	case nil, string, float64, bool:
		return true
	}
	return false
}

func describeValue(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	}
	return "an object"
}
