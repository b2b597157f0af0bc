package otel_test

import (
	"context"
	"fmt"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/troupe-go/troupe/actor"
	troupeotel "github.com/troupe-go/troupe/otel"
)

// Counter counts what it is told.
type Counter struct{ n int }

func (c *Counter) Receive(_ *actor.Context, by int) error { c.n += by; return nil }

func ExampleNew() {
	reader := sdkmetric.NewManualReader() // in production, a periodic reader and an exporter
	obs, err := troupeotel.New(troupeotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	ref := actor.Start(&Counter{}, actor.WithName("counter"), actor.WithObserver(obs))
	for i := range 3 {
		_ = ref.Tell(i)
	}
	_ = ref.Stop(ctx) // handles the three first

	var rm metricdata.ResourceMetrics
	_ = reader.Collect(ctx, &rm)
	for _, m := range rm.ScopeMetrics[0].Metrics {
		if sum, ok := m.Data.(metricdata.Sum[int64]); ok {
			for _, p := range sum.DataPoints {
				out, _ := p.Attributes.Value("outcome")
				fmt.Println(m.Name, out.Emit(), p.Value)
			}
		}
	}
	// Output:
	// troupe.actor.messages ok 3
	// troupe.actor.stops ok 1
}
