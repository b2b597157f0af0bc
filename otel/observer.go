package otel

import (
	"context"
	"errors"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/troupe-go/troupe/actor"
)

// scope is the instrumentation scope of the meter and the tracer.
const scope = "github.com/troupe-go/troupe/otel"

// Attribute keys.
const (
	keyActor   = attribute.Key("actor.name")
	keyURN     = attribute.Key("actor.urn")
	keyMessage = attribute.Key("message.kind")
	keyOutcome = attribute.Key("outcome")
)

// Observer records what actors do as OpenTelemetry metrics and spans. Give
// it to actors with actor.WithObserver; one Observer serves any number of
// actors, concurrently.
type Observer struct {
	tracer      trace.Tracer
	messages    metric.Int64Counter
	duration    metric.Float64Histogram
	depth       metric.Int64Gauge
	deadLetters metric.Int64Counter
	restarts    metric.Int64Counter
	stops       metric.Int64Counter

	// sets caches the attribute sets built per actor, message kind and
	// outcome, so that recording a message does not build one each time.
	sets sync.Map // setKey -> attribute.Set
}

var _ actor.RequestObserver = (*Observer)(nil)

type setKey struct{ actor, message, outcome string }

// Option configures an Observer.
type Option interface{ apply(*config) }

type config struct {
	mp metric.MeterProvider
	tp trace.TracerProvider
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithMeterProvider records the metrics with mp instead of the global one.
func WithMeterProvider(mp metric.MeterProvider) Option {
	if mp == nil {
		panic("otel: WithMeterProvider(nil)")
	}
	return optionFunc(func(c *config) { c.mp = mp })
}

// WithTracerProvider makes the spans with tp instead of the global one.
func WithTracerProvider(tp trace.TracerProvider) Option {
	if tp == nil {
		panic("otel: WithTracerProvider(nil)")
	}
	return optionFunc(func(c *config) { c.tp = tp })
}

// New returns an Observer that records with the global MeterProvider and
// TracerProvider unless options name others. It fails if an instrument
// cannot be made.
func New(opts ...Option) (*Observer, error) {
	c := config{mp: otel.GetMeterProvider(), tp: otel.GetTracerProvider()}
	for _, o := range opts {
		if o == nil {
			panic("otel: nil Option")
		}
		o.apply(&c)
	}
	m := c.mp.Meter(scope)
	o := &Observer{tracer: c.tp.Tracer(scope)}
	var errs [6]error
	o.messages, errs[0] = m.Int64Counter("troupe.actor.messages",
		metric.WithDescription("Messages and calls an actor handled."), metric.WithUnit("{message}"))
	o.duration, errs[1] = m.Float64Histogram("troupe.actor.handler.duration",
		metric.WithDescription("How long an actor's handler ran."), metric.WithUnit("s"))
	o.depth, errs[2] = m.Int64Gauge("troupe.actor.mailbox.depth",
		metric.WithDescription("Messages waiting in an actor's mailbox when a handler returned."), metric.WithUnit("{message}"))
	o.deadLetters, errs[3] = m.Int64Counter("troupe.actor.dead_letters",
		metric.WithDescription("Messages an actor accepted and never handled."), metric.WithUnit("{message}"))
	o.restarts, errs[4] = m.Int64Counter("troupe.actor.restarts",
		metric.WithDescription("Times an actor's state was replaced after a failure."), metric.WithUnit("{restart}"))
	o.stops, errs[5] = m.Int64Counter("troupe.actor.stops",
		metric.WithDescription("Actors that stopped."), metric.WithUnit("{actor}"))
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	return o, nil
}

// Observe records e; see the package doc for what each event becomes.
func (o *Observer) Observe(e actor.Event) {
	ctx := context.Background()
	name := e.Actor.Name()
	switch e.Kind {
	case actor.EventHandled:
		set := metric.WithAttributeSet(o.set(name, e.Message, outcome(e.Err)))
		o.messages.Add(ctx, 1, set)
		o.duration.Record(ctx, e.Duration.Seconds(), set)
		o.depth.Record(ctx, int64(e.Depth), metric.WithAttributeSet(o.set(name, "", "")))
	case actor.EventDeadLetter:
		o.deadLetters.Add(ctx, 1, metric.WithAttributeSet(o.set(name, e.Message, "")))
	case actor.EventRestarted:
		o.restarts.Add(ctx, 1, metric.WithAttributeSet(o.set(name, "", "")))
	case actor.EventStopped:
		o.stops.Add(ctx, 1, metric.WithAttributeSet(o.set(name, "", outcome(e.Err))))
	}
}

// Request starts the span of an Ask or a Call, as a child of the span in
// ctx, and returns the func that ends it with the reply's outcome.
func (o *Observer) Request(ctx context.Context, r actor.Request) func(error) {
	op := "Ask "
	if r.Op == "call" {
		op = "Call "
	}
	name := r.Actor.Name()
	_, span := o.tracer.Start(ctx, op+name, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(keyActor.String(name), keyURN.String(r.Actor.URN()), keyMessage.String(r.Message)))
	return func(err error) {
		if err != nil {
			span.RecordError(err)
			span.SetStatus(codes.Error, err.Error())
		}
		span.End()
	}
}

// set returns the attribute set of an actor, and of a message kind and an
// outcome where they are not empty.
func (o *Observer) set(name, message, out string) attribute.Set {
	k := setKey{name, message, out}
	if s, ok := o.sets.Load(k); ok {
		return s.(attribute.Set)
	}
	kvs := []attribute.KeyValue{keyActor.String(name)}
	if message != "" {
		kvs = append(kvs, keyMessage.String(message))
	}
	if out != "" {
		kvs = append(kvs, keyOutcome.String(out))
	}
	s, _ := o.sets.LoadOrStore(k, attribute.NewSet(kvs...))
	return s.(attribute.Set)
}

// outcome names how a handler or an actor ended.
func outcome(err error) string {
	var pe *actor.PanicError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &pe):
		return "panic"
	}
	return "error"
}
