// Package awsapi is what every provider needs around its SDK client:
// listing every page, errors a user can act on, polling asynchronous work,
// pacing requests to a service's rate limit per (service, region),
// bounding the requests in flight, and retrying the error codes a service
// makes transient. It knows no service: each provider passes its own
// codes, hints and rates.
package awsapi
