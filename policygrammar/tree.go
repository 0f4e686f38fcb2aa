package policygrammar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// value is a JSON value that keeps the order of an object's members, so
// that problems are found in the order they are written.
type value struct {
	kind    kind
	members []member // object
	items   []*value // array
	str     string   // string; a number's text
	boolean bool
}

type member struct {
	key string
	val *value
}

type kind int

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kArray
	kObject
)

func (k kind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

// get returns the member key of an object, or nil.
func (v *value) get(key string) *value {
	for _, m := range v.members {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

// parse reads one JSON value, its objects in written order. A key written
// twice in one object is kept twice, and both are checked.
func parse(data []byte) (*value, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	v, err := parseValue(d, 0)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("the document holds more than one JSON value")
	}
	return v, nil
}

// maxDepth bounds how deep a document nests: far past any policy AWS
// takes, and what keeps a hostile file from recursing without end.
const maxDepth = 64

func parseValue(d *json.Decoder, depth int) (*value, error) {
	t, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch t := t.(type) {
	case json.Delim:
		if depth >= maxDepth {
			return nil, fmt.Errorf("it nests deeper than %d levels", maxDepth)
		}
		if t == '[' {
			v := &value{kind: kArray}
			for d.More() {
				item, err := parseValue(d, depth+1)
				if err != nil {
					return nil, err
				}
				v.items = append(v.items, item)
			}
			_, err := d.Token()
			return v, err
		}
		v := &value{kind: kObject}
		for d.More() {
			kt, err := d.Token()
			if err != nil {
				return nil, err
			}
			key, _ := kt.(string)
			val, err := parseValue(d, depth+1)
			if err != nil {
				return nil, err
			}
			v.members = append(v.members, member{key, val})
		}
		_, err := d.Token()
		return v, err
	case string:
		return &value{kind: kString, str: t}, nil
	case json.Number:
		return &value{kind: kNumber, str: t.String()}, nil
	case bool:
		return &value{kind: kBool, boolean: t}, nil
	default:
		return &value{kind: kNull}, nil
	}
}
