// Package nilness tells a nil value behind an interface, so constructors
// across the module reject a nil state or a factory's nil result the same way.
package nilness
