// Package identitycenter reserves IAM Identity Center's rate bucket: AWS
// counts the calls of its two APIs (signing names "sso" and
// "identitystore") together, at about 20 requests a second, so both draw
// from one bucket, "identitycenter". Neither API is emulated yet; the
// bucket is declared so that --rate aws and SERVICE=RPS:BURST know it.
//
// What it owns: that bucket. What it must not touch: anything else; when
// the services are emulated, their packages take this registration over.
package identitycenter
