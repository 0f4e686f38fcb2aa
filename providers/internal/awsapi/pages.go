package awsapi

import "context"

// Paginator is what every SDK paginator offers; Opt is its client's
// options type.
type Paginator[O, Opt any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*Opt)) (O, error)
}

// Pages hands each page of a listing to fn. A failed request is wrapped
// by wrap (the provider's Errors.Wrap) with op, which names the listing.
func Pages[O, Opt any](ctx context.Context, wrap func(string, error) error, op string, pg Paginator[O, Opt], fn func(O) error) error {
	for pg.HasMorePages() {
		if err := ctx.Err(); err != nil {
			return err
		}
		out, err := pg.NextPage(ctx)
		if err != nil {
			return wrap(op, err)
		}
		if err := fn(out); err != nil {
			return err
		}
	}
	return nil
}

// Do runs one request, unless ctx is already done.
func Do[T any](ctx context.Context, fn func() (T, error)) (T, error) {
	if err := ctx.Err(); err != nil {
		var zero T
		return zero, err
	}
	return fn()
}
