package actor

// Len returns the number of messages waiting in the actor's mailbox, not
// counting the one being handled. It is a snapshot: other senders and the
// actor itself change it as soon as Len returns. Routers use it to pick the
// least loaded actor. Cost: two atomic loads, no lock.
func (r *Ref[S, M]) Len() int {
	n, _ := r.c.queued()
	return int(n)
}
