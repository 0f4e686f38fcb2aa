package graph

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// This file checks Mermaid output against Mermaid's flowchart grammar
// (packages/mermaid/src/diagrams/flowchart/parser/flow.jison): a lexer that
// tries the grammar's rules in its order, first match wins, with its start
// conditions (INITIAL, dir, string, text), and a parser for the productions
// orgctl emits: graphConfig, vertex statements with square and stadium
// shapes and chained links, classDef and class statements. A token or a
// production outside that subset is an error, so the check errs on the
// side of refusing.

type mmToken struct {
	kind, text string
}

type mmRule struct {
	states string // "*" for every state, else a comma list; "" means INITIAL
	match  func(s string) int
	act    func(lx *mmLexer, text string) string // token kind, "" to skip
}

type mmLexer struct {
	stack      []string
	firstGraph bool
}

func (lx *mmLexer) state() string { return lx.stack[len(lx.stack)-1] }
func (lx *mmLexer) push(s string) { lx.stack = append(lx.stack, s) }
func (lx *mmLexer) pop() {
	if len(lx.stack) > 1 {
		lx.stack = lx.stack[:len(lx.stack)-1]
	}
}

func re(expr string) func(string) int {
	r := regexp.MustCompile(`^(?:` + expr + `)`)
	return func(s string) int {
		if loc := r.FindStringIndex(s); loc != nil {
			return loc[1]
		}
		return -1
	}
}

func lit(l string) func(string) int {
	return func(s string) int {
		if strings.HasPrefix(s, l) {
			return len(l)
		}
		return -1
	}
}

func tok(kind string) func(*mmLexer, string) string {
	return func(*mmLexer, string) string { return kind }
}

func pushTok(state, kind string) func(*mmLexer, string) string {
	return func(lx *mmLexer, _ string) string { lx.push(state); return kind }
}

func popTok(kind string) func(*mmLexer, string) string {
	return func(lx *mmLexer, _ string) string { lx.pop(); return kind }
}

// nodeString is NODE_STRING:
// ([A-Za-z0-9!"\#$%&'*+\.`?\\_\/]|\-(?=[^\>\-\.])|=(?!=))+
func nodeString(s string) int {
	n := 0
	for n < len(s) {
		c := s[n]
		switch {
		case c < 128 && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)) || strings.IndexByte("!\"#$%&'*+.`?\\_/", c) >= 0):
			n++
		case c == '-' && n+1 < len(s) && strings.IndexByte(">-.", s[n+1]) < 0:
			n++
		case c == '=' && (n+1 >= len(s) || s[n+1] != '='):
			n++
		default:
			if n == 0 {
				return -1
			}
			return n
		}
	}
	if n == 0 {
		return -1
	}
	return n
}

// linkID is LINK_ID: [^\s\"]+\@(?=[^\{\"]), backtracking to an earlier @
// when the lookahead fails, as a JavaScript regexp does.
func linkID(s string) int {
	run := 0
	for run < len(s) && !unicode.IsSpace(rune(s[run])) && s[run] != '"' {
		run++
	}
	for i := run - 1; i >= 1; i-- {
		if s[i] == '@' && i+1 < len(s) && s[i+1] != '{' && s[i+1] != '"' {
			return i + 1
		}
	}
	return -1
}

var mmRules = []mmRule{
	{"", re(`accTitle\s*:\s*`), tok("acc_title")},
	{"", re(`accDescr\s*:\s*`), tok("acc_descr")},
	{"", re(`accDescr\s*\{\s*`), tok("acc_descr_multiline")},
	{"", lit("@{"), tok("SHAPE_DATA")},
	{"", re(`call\s+`), tok("call")},
	{"*", lit("\"`"), pushTok("md_string", "")},
	{"string", re(`[^"]+`), tok("STR")},
	{"string", lit(`"`), popTok("")},
	{"*", lit(`"`), pushTok("string", "")},
	{"", lit("style"), tok("STYLE")},
	{"", lit("default"), tok("DEFAULT")},
	{"", lit("linkStyle"), tok("LINKSTYLE")},
	{"", lit("interpolate"), tok("INTERPOLATE")},
	{"", lit("classDef"), tok("CLASSDEF")},
	{"", lit("class"), tok("CLASS")},
	{"", re(`href\s`), tok("HREF")},
	{"", re(`click\s+`), tok("click")},
	{"", re(`flowchart-elk|graph|flowchart`), func(lx *mmLexer, _ string) string {
		if lx.firstGraph {
			lx.firstGraph = false
			lx.push("dir")
		}
		return "GRAPH"
	}},
	{"", lit("subgraph"), tok("subgraph")},
	{"", re(`end\b\s*`), tok("end")},
	{"", re(`_self|_blank|_parent|_top`), tok("LINK_TARGET")},
	{"dir", re(`(\r?\n)*\s*\n`), popTok("NODIR")},
	{"dir", re(`\s*(LR|RL|TB|BT|TD|BR|<|>|\^|v)`), popTok("DIR")},
	{"", re(`.*direction\s+(TB|BT|RL|LR)[^\n]*`), tok("direction")},
	{"", linkID, tok("LINK_ID")},
	{"", re(`[0-9]+`), tok("NUM")},
	{"", lit("#"), tok("BRKT")},
	{"", lit(":::"), tok("STYLE_SEPARATOR")},
	{"", lit(":"), tok("COLON")},
	{"", lit("&"), tok("AMP")},
	{"", lit(";"), tok("SEMI")},
	{"", lit(","), tok("COMMA")},
	{"", lit("*"), tok("MULT")},
	{"INITIAL,edgeText", re(`\s*[xo<]?--+[-xo>]\s*`), popTok("LINK")},
	{"", re(`\s*[xo<]?--\s*`), pushTok("edgeText", "START_LINK")},
	{"INITIAL,thickEdgeText", re(`\s*[xo<]?==+[=xo>]\s*`), popTok("LINK")},
	{"", re(`\s*[xo<]?==\s*`), pushTok("thickEdgeText", "START_LINK")},
	{"INITIAL,dottedEdgeText", re(`\s*[xo<]?-?\.+-[xo>]?\s*`), popTok("LINK")},
	{"", re(`\s*[xo<]?-\.\s*`), pushTok("dottedEdgeText", "START_LINK")},
	{"*", re(`\s*~~~+\s*`), tok("LINK")},
	{"*", lit("(-"), pushTok("ellipseText", "(-")},
	{"text", lit("])"), popTok("STADIUMEND")},
	{"*", lit("(["), pushTok("text", "STADIUMSTART")},
	{"text", lit("]]"), popTok("SUBROUTINEEND")},
	{"*", lit("[["), pushTok("text", "SUBROUTINESTART")},
	{"", lit("[|"), tok("VERTEX_WITH_PROPS_START")},
	{"", lit(">"), pushTok("text", "TAGEND")},
	{"text", lit(")]"), popTok("CYLINDEREND")},
	{"*", lit("[("), pushTok("text", "CYLINDERSTART")},
	{"text", lit(")))"), popTok("DOUBLECIRCLEEND")},
	{"*", lit("((("), pushTok("text", "DOUBLECIRCLESTART")},
	{"*", lit("[/"), pushTok("trapText", "TRAPSTART")},
	{"*", lit(`[\`), pushTok("trapText", "INVTRAPSTART")},
	{"", lit("<"), tok("TAGSTART")},
	{"", lit("^"), tok("UP")},
	{"", lit("|"), tok("SEP")},
	{"", lit("v"), tok("DOWN")},
	{"", nodeString, tok("NODE_STRING")},
	{"", lit("-"), tok("MINUS")},
	{"", func(s string) int {
		r := []rune(s)
		if len(r) > 0 && r[0] >= 0xAA && unicode.IsLetter(r[0]) {
			return len(string(r[0]))
		}
		return -1
	}, tok("UNICODE_TEXT")},
	{"text", lit("|"), popTok("PIPE")},
	{"*", lit("|"), pushTok("text", "PIPE")},
	{"text", lit(")"), popTok("PE")},
	{"*", lit("("), pushTok("text", "PS")},
	{"text", lit("]"), popTok("SQE")},
	{"*", lit("["), pushTok("text", "SQS")},
	{"text", lit("}"), popTok("DIAMOND_STOP")},
	{"*", lit("{"), pushTok("text", "DIAMOND_START")},
	{"text", re(`[^\[\]\(\)\{\}\|"]+`), tok("TEXT")},
	{"", lit(`"`), tok("QUOTE")},
	{"", re(`(\r?\n)+`), tok("NEWLINE")},
	{"", re(`\s`), tok("SPACE")},
}

func (r mmRule) active(state string) bool {
	switch r.states {
	case "*":
		return true
	case "":
		return state == "INITIAL"
	}
	for _, s := range strings.Split(r.states, ",") {
		if s == state {
			return true
		}
	}
	return false
}

func mmLex(src string) ([]mmToken, error) {
	lx := &mmLexer{stack: []string{"INITIAL"}, firstGraph: true}
	var out []mmToken
	for pos := 0; pos < len(src); {
		rest := src[pos:]
		matched := false
		for _, r := range mmRules {
			if !r.active(lx.state()) {
				continue
			}
			n := r.match(rest)
			if n <= 0 {
				continue
			}
			if kind := r.act(lx, rest[:n]); kind != "" {
				out = append(out, mmToken{kind, rest[:n]})
			}
			pos += n
			matched = true
			break
		}
		if !matched {
			return nil, fmt.Errorf("lexical error at %q (state %s)", trunc(rest), lx.state())
		}
	}
	return append(out, mmToken{"EOF", ""}), nil
}

func trunc(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// mmFlowchart is what the parser found.
type mmFlowchart struct {
	dir     string
	labels  map[string]string // vertex id -> label text (entities left as written)
	edges   [][3]string       // from, to, link
	classes map[string]string // vertex id -> class
	defs    map[string]string // classDef name -> styles
	// subgraphs holds each subgraph's title and the vertices declared in it.
	subgraphs map[string]*mmSubgraph
}

type mmSubgraph struct {
	title    string
	vertices []string
}

type mmParser struct {
	toks []mmToken
	i    int
	fc   *mmFlowchart
	sub  *mmSubgraph // the subgraph being parsed, or nil
}

func (p *mmParser) peek() string { return p.toks[p.i].kind }
func (p *mmParser) next() mmToken {
	t := p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

func (p *mmParser) expect(kinds ...string) (mmToken, error) {
	t := p.next()
	for _, k := range kinds {
		if t.kind == k {
			return t, nil
		}
	}
	return t, fmt.Errorf("token %d: got %s %q, want %s", p.i, t.kind, t.text, strings.Join(kinds, " or "))
}

// parseMermaid checks src against the grammar subset and returns what it
// declares.
func parseMermaid(src string) (*mmFlowchart, error) {
	toks, err := mmLex(src)
	if err != nil {
		return nil, err
	}
	p := &mmParser{toks: toks, fc: &mmFlowchart{labels: map[string]string{}, classes: map[string]string{}, defs: map[string]string{},
		subgraphs: map[string]*mmSubgraph{}}}
	// graphConfig: (SPACE | NEWLINE)* GRAPH (NODIR | DIR FirstStmtSeparator)
	for p.peek() == "SPACE" || p.peek() == "NEWLINE" {
		p.next()
	}
	if _, err := p.expect("GRAPH"); err != nil {
		return nil, err
	}
	t, err := p.expect("NODIR", "DIR")
	if err != nil {
		return nil, err
	}
	p.fc.dir = strings.TrimSpace(t.text)
	if t.kind == "DIR" {
		for p.peek() == "SPACE" {
			p.next()
		}
		if _, err := p.expect("SEMI", "NEWLINE"); err != nil {
			return nil, err
		}
	}
	// document: line*
	for {
		switch p.peek() {
		case "EOF":
			return p.fc, nil
		case "SEMI", "NEWLINE", "SPACE":
			p.next()
		default:
			if err := p.statement(); err != nil {
				return nil, err
			}
		}
	}
}

var idStringTokens = map[string]bool{"NUM": true, "NODE_STRING": true, "DOWN": true, "MINUS": true, "DEFAULT": true,
	"COMMA": true, "COLON": true, "AMP": true, "BRKT": true, "MULT": true, "UNICODE_TEXT": true}

var styleComponents = map[string]bool{"NUM": true, "NODE_STRING": true, "COLON": true, "UNIT": true, "SPACE": true,
	"BRKT": true, "STYLE": true, "PCT": true}

func (p *mmParser) idString() (string, error) {
	var b strings.Builder
	for idStringTokens[p.peek()] {
		b.WriteString(p.next().text)
	}
	if b.Len() == 0 {
		t := p.toks[p.i]
		return "", fmt.Errorf("token %d: got %s %q, want an idString", p.i, t.kind, t.text)
	}
	return b.String(), nil
}

func (p *mmParser) separator() error {
	_, err := p.expect("NEWLINE", "SEMI", "EOF")
	return err
}

func (p *mmParser) statement() error {
	switch p.peek() {
	case "CLASSDEF": // CLASSDEF SPACE idString SPACE stylesOpt
		p.next()
		if _, err := p.expect("SPACE"); err != nil {
			return err
		}
		name, err := p.idString()
		if err != nil {
			return err
		}
		if _, err := p.expect("SPACE"); err != nil {
			return err
		}
		var styles strings.Builder
		for {
			n := 0
			for styleComponents[p.peek()] {
				styles.WriteString(p.next().text)
				n++
			}
			if n == 0 {
				return fmt.Errorf("classDef %s: empty style", name)
			}
			if p.peek() != "COMMA" {
				break
			}
			styles.WriteString(p.next().text)
		}
		p.fc.defs[name] = styles.String()
		return p.separator()
	case "CLASS": // CLASS SPACE idString SPACE idString
		p.next()
		if _, err := p.expect("SPACE"); err != nil {
			return err
		}
		v, err := p.idString()
		if err != nil {
			return err
		}
		if _, err := p.expect("SPACE"); err != nil {
			return err
		}
		c, err := p.idString()
		if err != nil {
			return err
		}
		p.fc.classes[v] = c
		return p.separator()
	case "subgraph":
		return p.subgraph()
	}
	// vertexStatement: node (link node)* spaceList?
	from, err := p.vertex()
	if err != nil {
		return err
	}
	for {
		for p.peek() == "SPACE" {
			p.next()
		}
		if p.peek() != "LINK" {
			break
		}
		link := strings.TrimSpace(p.next().text)
		to, err := p.vertex()
		if err != nil {
			return err
		}
		p.fc.edges = append(p.fc.edges, [3]string{from, to, link})
		from = to
	}
	return p.separator()
}

// subgraph: subgraph SPACE textNoTags SQS text SQE separator document end,
// not nested; the id is read as an idString, a subset of textNoTags.
func (p *mmParser) subgraph() error {
	p.next()
	if p.sub != nil {
		return fmt.Errorf("token %d: nested subgraph", p.i)
	}
	if _, err := p.expect("SPACE"); err != nil {
		return err
	}
	id, err := p.idString()
	if err != nil {
		return err
	}
	if _, err := p.expect("SQS"); err != nil {
		return err
	}
	title, err := p.expect("STR")
	if err != nil {
		return err
	}
	if _, err := p.expect("SQE"); err != nil {
		return err
	}
	if err := p.separator(); err != nil {
		return err
	}
	p.sub = &mmSubgraph{title: title.text}
	p.fc.subgraphs[id] = p.sub
	defer func() { p.sub = nil }()
	for {
		switch p.peek() {
		case "end":
			p.next()
			return nil
		case "EOF":
			return fmt.Errorf("subgraph %s: no end", id)
		case "SEMI", "NEWLINE", "SPACE":
			p.next()
		default:
			if err := p.statement(); err != nil {
				return err
			}
		}
	}
}

// vertex: idString (SQS text SQE | STADIUMSTART text STADIUMEND)?
func (p *mmParser) vertex() (string, error) {
	id, err := p.idString()
	if err != nil {
		return "", err
	}
	end := map[string]string{"SQS": "SQE", "STADIUMSTART": "STADIUMEND"}[p.peek()]
	if end == "" {
		if _, ok := p.fc.labels[id]; !ok {
			p.fc.labels[id] = ""
		}
		return id, nil
	}
	p.next()
	// text: STR textToken* | textToken+
	var label strings.Builder
	if p.peek() == "STR" {
		label.WriteString(p.next().text)
	}
	for p.peek() == "TEXT" || p.peek() == "TAGSTART" || p.peek() == "TAGEND" || p.peek() == "UNICODE_TEXT" {
		label.WriteString(p.next().text)
	}
	if label.Len() == 0 {
		return "", fmt.Errorf("vertex %s: empty text", id)
	}
	if _, err := p.expect(end); err != nil {
		return "", err
	}
	p.fc.labels[id] = label.String()
	if p.sub != nil {
		p.sub.vertices = append(p.sub.vertices, id)
	}
	return id, nil
}
