// Package graph draws an organization as a diagram: the root, the OU tree
// and the accounts, with the policies attached at each, and with a plan,
// what it creates, updates and deletes. It renders Mermaid flowcharts (for
// GitHub comments and Markdown) and Graphviz DOT, with a legend when a plan
// colours them. A large organization draws legibly with its accounts left
// out or counted in their OUs' nodes (WithAccounts).
//
// It is pure: a spec and an optional plan in, text out. It reads no AWS
// state and writes no files; the output depends on its input alone.
package graph
