// Package otel turns what troupe's actors do into OpenTelemetry metrics and
// traces. It lives in a module of its own, so that the main module never
// depends on OpenTelemetry.
//
//	obs, err := otel.New() // the global MeterProvider and TracerProvider
//	ref := actor.Start(&Account{}, actor.WithObserver(obs))
//
// The package is named otel like OpenTelemetry's own; import it under
// another name where both are used (troupeotel "github.com/troupe-go/troupe/otel").
//
// # Metrics
//
// All carry the attribute actor.name; those about a message also
// message.kind (the message's Go type, or "call"), and outcome ("ok",
// "error" or "panic").
//
//	troupe.actor.messages        counter    messages and calls handled
//	troupe.actor.handler.duration histogram  seconds a handler ran
//	troupe.actor.mailbox.depth   gauge      messages left waiting after a handler
//	troupe.actor.dead_letters    counter    Tells never handled (no outcome)
//	troupe.actor.restarts        counter    fresh states after a failure
//	troupe.actor.stops           counter    actors stopped (outcome ok or error)
//
// # Traces
//
// Each Ask is a span of kind client named "Ask <actor name>", a child of the
// span in the ctx the Ask was given, so it joins the caller's trace; each
// Call is one named "Call <actor name>", a child of CallWait's ctx's span
// (Call and CallContext take no ctx, so theirs start a trace of their own). A span ends when the reply completes, with
// status Error and the error recorded if the reply failed. Attributes:
// actor.name, actor.urn, message.kind.
package otel
