// Package remote serves troupe actors across processes on NATS.
package remote
