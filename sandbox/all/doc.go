// Package all serves every service the sandbox emulates: a program that
// runs a sandbox for any client imports it blank. Adding a service is its
// package plus one line here.
//
// It owns nothing but this list, and must not hold code of its own.
package all
