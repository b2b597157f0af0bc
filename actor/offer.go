package actor

// Offer tells msg to the actor if msg's dynamic type can be assigned to M
// (a Tick for an actor whose messages are an interface Msg that Tick
// implements), and reports whether it could. It is for code that holds
// actors of many message types, such as registry.Broadcast; with a ref in
// hand, Tell checks the type at compile time. err is what Tell returned. A
// nil msg fits no actor.
func (r *Ref[S, M]) Offer(msg any) (fits bool, err error) {
	m, ok := msg.(M)
	if !ok {
		return false, nil
	}
	return true, r.Tell(m)
}
