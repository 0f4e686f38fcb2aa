// Package orgctl is the root of the repository. It holds what the whole
// module shares: the JSON Schema of org.yaml, which editors
// (yaml-language-server) and CI use and which `orgctl schema` prints.
package orgctl

import _ "embed"

// SchemaJSON is schema.json, the JSON Schema of org.yaml. It is generated
// from the types of package spec and the sections services register;
// `go test ./catalog -run TestSchemaUpToDate -update` rewrites it.
//
//go:embed schema.json
var SchemaJSON []byte
