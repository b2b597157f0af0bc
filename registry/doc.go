// Package registry keeps the set of live actors: it finds them by URN, by
// name or by type, tells a message to all that take it, and stops them all
// at exit.
//
// The package knows nothing of actors: it holds [Entry] values, a small
// interface that *actor.Ref satisfies. So registry imports nothing of the
// module, and actor imports registry.
//
// # Default and New
//
// [Default] is the process-wide registry, like Pykka's ActorRegistry:
// actor.Start registers every actor there unless actor.WithRegistry names
// another one, made with [New] (or a zero [Registry]). A registry of your
// own keeps a subsystem, or a test, apart: its [Registry.StopAll] stops
// only its actors.
//
// An actor joins its registry before its OnStart runs and leaves it before
// its Done channel closes. Stopping, it stays registered (and, as in Pykka,
// alive, though it refuses new messages) until it has stopped.
//
// # Start order
//
// [Registry.All], [Registry.ByName] and [Find] return entries in start
// order, that is the order in which [Registry.Register] took them, oldest
// first. Each call returns a fresh slice, a snapshot the registry does not
// change afterwards. [Registry.ByURN] looks up one entry by its URN, in any
// spelling [github.com/google/uuid.Parse] accepts.
//
// # Unique names
//
// Names are shared by default: [Registry.ByName] returns every entry of a
// name. An entity (the account "acct-42", the room "golang") wants one
// actor per name: [Registry.RegisterUnique] (through actor.StartUnique)
// makes an entry's name unique while it is registered, refusing any later
// entry of that name with [ErrNameTaken], in O(1). [Registry.GetOrRegister] (through
// actor.GetOrStart) finds the holder of a name or makes it, once, however
// many callers ask at the same moment. [Lookup] is the typed lookup by name:
//
//	ref, ok := registry.Lookup[*actor.Ref[*Account, AccountMsg]](reg, "acct-42")
//
// # Broadcast
//
// [Broadcast] tells msg to every live actor whose message type msg can be
// assigned to: Broadcast(reg, Announcement{}) reaches the actors of message
// type Announcement and those whose messages are an interface that
// Announcement implements. Actors of other message types are left alone.
// A stopping actor is alive but refuses, and is reported like any refusal.
// If some refuse, Broadcast still tells the others, then returns the
// refusals joined, each an [*EntryError] naming the actor.
//
// # StopAll
//
// [Registry.StopAll] stops the actors newest first, so that each actor
// outlives those started after it, which may still be using it. It calls
// Stop(ctx) on each in turn, waiting for each. The ctx bounds the whole
// call, not each actor: after it ends, every remaining actor is still asked
// to stop, and its Stop returns at once with ctx's error. A failure does not
// stop the walk; StopAll returns the failures joined, each an [*EntryError]
// naming the actor and wrapping the cause, so
//
//	errors.Is(err, context.DeadlineExceeded)
//
// tells whether some actor did not stop in time.
package registry
