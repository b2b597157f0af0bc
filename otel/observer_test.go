package otel_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/troupe-go/troupe/actor"
	"github.com/troupe-go/troupe/actortest"
	"github.com/troupe-go/troupe/future"
	troupeotel "github.com/troupe-go/troupe/otel"
)

var errDeclined = errors.New("declined")

// order is the test actor's message: the handler takes as long as it says,
// then fails, panics or answers.
type order struct {
	take    time.Duration
	decline bool
	panic   bool
	hold    chan struct{}
	reply   *future.Promise[string]
}

type shop struct{}

func (shop) Receive(_ *actor.Context, o order) error {
	if o.hold != nil {
		<-o.hold
	}
	time.Sleep(o.take)
	switch {
	case o.decline:
		return errDeclined
	case o.panic:
		panic("out of stock")
	case o.reply != nil:
		o.reply.Resolve("shipped")
	}
	return nil
}

// rig is an observer recording into an in-memory reader and span exporter.
type rig struct {
	obs    *troupeotel.Observer
	reader *sdkmetric.ManualReader
	spans  *tracetest.InMemoryExporter
	tp     *sdktrace.TracerProvider
}

func newRig(t *testing.T) *rig {
	r := &rig{reader: sdkmetric.NewManualReader(), spans: tracetest.NewInMemoryExporter()}
	r.tp = sdktrace.NewTracerProvider(sdktrace.WithSyncer(r.spans))
	obs, err := troupeotel.New(
		troupeotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(r.reader))),
		troupeotel.WithTracerProvider(r.tp))
	require.NoError(t, err)
	r.obs = obs
	return r
}

func (r *rig) start(t *testing.T, name string, opts ...actor.Option) *actor.Ref[shop, order] {
	base := []actor.Option{actor.WithRegistry(actortest.NewRegistry(t)), actor.WithName(name),
		actor.WithObserver(r.obs), actor.WithLogger(slog.New(slog.DiscardHandler))}
	return actor.Start(shop{}, append(base, opts...)...)
}

// point is one data point of a metric: its value, for a histogram its count
// and sum.
type point struct {
	value      float64
	count      uint64
	sum        float64
	attributes string
}

// metric collects and returns the data points of the named metric, by their
// attributes ("actor.name=…,message.kind=…,outcome=…").
func (r *rig) metric(t *testing.T, name string) map[string]point {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, r.reader.Collect(context.Background(), &rm))
	enc := attribute.DefaultEncoder()
	out := map[string]point{}
	for _, sm := range rm.ScopeMetrics {
		require.Equal(t, "github.com/troupe-go/troupe/otel", sm.Scope.Name)
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				require.True(t, d.IsMonotonic, name)
				for _, p := range d.DataPoints {
					out[p.Attributes.Encoded(enc)] = point{value: float64(p.Value)}
				}
			case metricdata.Gauge[int64]:
				for _, p := range d.DataPoints {
					out[p.Attributes.Encoded(enc)] = point{value: float64(p.Value)}
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					out[p.Attributes.Encoded(enc)] = point{count: p.Count, sum: p.Sum}
				}
			default:
				t.Fatalf("%s: unexpected data %T", name, m.Data)
			}
		}
	}
	return out
}

func askOrder(o order) func(*future.Promise[string]) order {
	return func(p *future.Promise[string]) order { o.reply = p; return o }
}

func TestMetrics(t *testing.T) {
	actortest.Run(t, "messages, handler durations and outcomes, mailbox depth, stops", func(t *testing.T) {
		r := newRig(t)
		ref := r.start(t, "shop", actor.WithPolicy(actor.Resume))
		hold := make(chan struct{})
		require.NoError(t, ref.Tell(order{hold: hold, take: time.Second}))
		require.NoError(t, ref.Tell(order{take: 2 * time.Second, decline: true}))
		require.NoError(t, ref.Tell(order{panic: true}))
		close(hold)
		_, err := actor.Ask(context.Background(), ref, askOrder(order{take: 3 * time.Second}))
		require.NoError(t, err)
		_, err = actor.Call(ref, func(shop) (int, error) { time.Sleep(time.Minute); return 1, nil }).Get(context.Background())
		require.NoError(t, err)
		require.NoError(t, ref.Stop(context.Background()))

		const ok, failed, panicked = "actor.name=shop,message.kind=otel_test.order,outcome=ok",
			"actor.name=shop,message.kind=otel_test.order,outcome=error",
			"actor.name=shop,message.kind=otel_test.order,outcome=panic"
		const call = "actor.name=shop,message.kind=call,outcome=ok"
		require.Equal(t, map[string]point{ok: {value: 2}, failed: {value: 1}, panicked: {value: 1}, call: {value: 1}},
			r.metric(t, "troupe.actor.messages"))
		require.Equal(t, map[string]point{ok: {count: 2, sum: 4}, failed: {count: 1, sum: 2}, panicked: {count: 1}, call: {count: 1, sum: 60}},
			r.metric(t, "troupe.actor.handler.duration"), "seconds on the fake clock")
		require.Equal(t, map[string]point{"actor.name=shop": {value: 0}}, r.metric(t, "troupe.actor.mailbox.depth"))
		require.Equal(t, map[string]point{"actor.name=shop,outcome=ok": {value: 1}}, r.metric(t, "troupe.actor.stops"))
	})

	actortest.Run(t, "the mailbox depth is the one the last handler left", func(t *testing.T) {
		r := newRig(t)
		ref := r.start(t, "shop")
		hold, third := make(chan struct{}), make(chan struct{})
		require.NoError(t, ref.Tell(order{hold: hold}))
		require.NoError(t, ref.Tell(order{}))
		require.NoError(t, ref.Tell(order{hold: third}))
		close(hold)
		synctest.Wait() // two orders handled, leaving 2 then 1; the third holds the actor
		require.Equal(t, map[string]point{"actor.name=shop": {value: 1}}, r.metric(t, "troupe.actor.mailbox.depth"))
		close(third)
		synctest.Wait()
		require.Equal(t, map[string]point{"actor.name=shop": {value: 0}}, r.metric(t, "troupe.actor.mailbox.depth"))
	})

	actortest.Run(t, "dead letters, restarts and a failed stop", func(t *testing.T) {
		r := newRig(t)
		ref := r.start(t, "shop", actor.WithDeadLetters(func(actor.DeadLetter) {}))
		hold := make(chan struct{})
		require.NoError(t, ref.Tell(order{hold: hold, decline: true}))
		require.NoError(t, ref.Tell(order{}))
		close(hold)
		<-ref.Done()
		require.Equal(t, map[string]point{"actor.name=shop,message.kind=otel_test.order": {value: 1}},
			r.metric(t, "troupe.actor.dead_letters"))
		require.Equal(t, map[string]point{"actor.name=shop,outcome=error": {value: 1}}, r.metric(t, "troupe.actor.stops"))

		restarting := actor.Spawn(func() shop { return shop{} }, actor.WithRegistry(actortest.NewRegistry(t)),
			actor.WithName("phoenix"), actor.WithObserver(r.obs), actor.WithLogger(slog.New(slog.DiscardHandler)),
			actor.WithPolicy(actor.Restart))
		require.NoError(t, restarting.Tell(order{decline: true}))
		require.NoError(t, restarting.Tell(order{decline: true}))
		_, err := actor.Ask(context.Background(), restarting, askOrder(order{}))
		require.NoError(t, err)
		require.Equal(t, map[string]point{"actor.name=phoenix": {value: 2}}, r.metric(t, "troupe.actor.restarts"))
	})
}

func TestSpans(t *testing.T) {
	actortest.Run(t, "an Ask's span joins the caller's trace and carries its outcome", func(t *testing.T) {
		r := newRig(t)
		ref := r.start(t, "shop")
		ctx, parent := r.tp.Tracer("test").Start(context.Background(), "checkout")
		_, err := actor.Ask(ctx, ref, askOrder(order{take: time.Second}))
		require.NoError(t, err)
		_, err = actor.Ask(ctx, ref, askOrder(order{decline: true}))
		require.ErrorIs(t, err, errDeclined)
		synctest.Wait() // both Ask spans ended, so the caller's span is exported last
		parent.End()

		synctest.Wait() // a span ends in the reply's callback, which may run just after the caller has the reply
		spans := r.spans.GetSpans()
		require.Len(t, spans, 3)
		for _, s := range spans[:2] {
			require.Equal(t, "Ask shop", s.Name)
			require.Equal(t, trace.SpanKindClient, s.SpanKind)
			require.Equal(t, parent.SpanContext().TraceID(), s.SpanContext.TraceID(), "the caller's trace")
			require.Equal(t, parent.SpanContext().SpanID(), s.Parent.SpanID(), "a child of the caller's span")
			require.Contains(t, s.Attributes, attribute.String("actor.name", "shop"))
			require.Contains(t, s.Attributes, attribute.String("actor.urn", ref.URN()))
			require.Contains(t, s.Attributes, attribute.String("message.kind", "otel_test.order"))
		}
		require.Equal(t, codes.Unset, spans[0].Status.Code)
		require.Equal(t, time.Second, spans[0].EndTime.Sub(spans[0].StartTime), "the span lasts until the reply")
		require.Equal(t, codes.Error, spans[1].Status.Code)
		require.Equal(t, "declined", spans[1].Status.Description)
		require.Len(t, spans[1].Events, 1)
		require.Equal(t, "exception", spans[1].Events[0].Name)
		require.Equal(t, "checkout", spans[2].Name)
	})

	actortest.Run(t, "a CallWait's span joins the caller's trace", func(t *testing.T) {
		r := newRig(t)
		ref := r.start(t, "shop")
		ctx, parent := r.tp.Tracer("test").Start(context.Background(), "checkout")
		_, err := actor.CallWait(ctx, ref, func(*actor.Context, shop) (int, error) { return 1, nil })
		require.NoError(t, err)
		parent.End()
		synctest.Wait() // a span ends in the reply's callback, which may run just after the caller has the reply
		spans := r.spans.GetSpans()
		require.Len(t, spans, 2)
		i := slices.IndexFunc(spans, func(s tracetest.SpanStub) bool { return s.Name == "Call shop" })
		require.GreaterOrEqual(t, i, 0, "no span named Call shop")
		require.Equal(t, parent.SpanContext().TraceID(), spans[i].SpanContext.TraceID())
		require.Equal(t, parent.SpanContext().SpanID(), spans[i].Parent.SpanID())
		require.Equal(t, codes.Unset, spans[i].Status.Code)
	})

	actortest.Run(t, "a Call's span starts a trace of its own, and ends with the call's error", func(t *testing.T) {
		r := newRig(t)
		ref := r.start(t, "shop")
		_, err := actor.Call(ref, func(shop) (int, error) { return 0, errDeclined }).Get(context.Background())
		require.ErrorIs(t, err, errDeclined)
		synctest.Wait() // a span ends in the reply's callback, which may run just after the caller has the reply
		spans := r.spans.GetSpans()
		require.Len(t, spans, 1)
		require.Equal(t, "Call shop", spans[0].Name)
		require.False(t, spans[0].Parent.IsValid())
		require.Contains(t, spans[0].Attributes, attribute.String("message.kind", "call"))
		require.Equal(t, codes.Error, spans[0].Status.Code)
	})

	actortest.Run(t, "a request the actor never handles still ends its span", func(t *testing.T) {
		r := newRig(t)
		ref := r.start(t, "shop")
		require.NoError(t, ref.Stop(context.Background()))
		_, err := actor.Ask(context.Background(), ref, askOrder(order{}))
		require.ErrorIs(t, err, actor.ErrStopped)
		synctest.Wait() // a span ends in the reply's callback, which may run just after the caller has the reply
		spans := r.spans.GetSpans()
		require.Len(t, spans, 1)
		require.Equal(t, codes.Error, spans[0].Status.Code)
	})
}

func TestNew(t *testing.T) {
	t.Run("panics on nil options", func(t *testing.T) {
		require.PanicsWithValue(t, "otel: WithMeterProvider(nil)", func() { troupeotel.WithMeterProvider(nil) })
		require.PanicsWithValue(t, "otel: WithTracerProvider(nil)", func() { troupeotel.WithTracerProvider(nil) })
		require.PanicsWithValue(t, "otel: nil Option", func() { _, _ = troupeotel.New(nil) })
	})

	t.Run("uses the global providers by default", func(t *testing.T) {
		obs, err := troupeotel.New()
		require.NoError(t, err)
		require.NotNil(t, obs)
	})
}
