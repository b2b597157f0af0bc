// Package pool runs tasks on a fixed number of worker actors of one kind: a
// thread pool whose threads are actors, each with its own state.
//
// [New] starts the workers, each with the state a factory returns. [Call]
// runs a function on a free worker and returns a typed future; [Map] and
// [MapLimit] run a function over a slice and return the results in input
// order. [Pool.Stop] stops it all.
//
//	p := pool.New(10, func() *Resizer { return NewResizer() })
//	defer p.Stop(ctx)
//	thumbs, err := pool.Map(ctx, p, images, (*Resizer).Resize)
//
// # Dispatch
//
// A task goes to a free worker, never to a busy one: a slow task does not
// hold up the tasks queued after it while another worker is idle. The most
// recently freed worker is taken first, so a lightly loaded pool keeps using
// warm workers. When every worker is busy, tasks wait in one first-in
// first-out queue with no bound; a worker that finishes takes the oldest.
// Each worker runs one task at a time, as an actor.Call, so a task has the
// worker's state to itself.
//
// # Order and the first error
//
// Map returns results in the order of its input, whatever order the tasks
// finish in: each element owns a result slot reserved up front. It returns
// at the first error, errgroup-style, and hands out nothing more: elements
// not yet handed out never run, tasks already running finish and their
// results are dropped. A context that ends does the same with
// context.Cause(ctx).
//
// # Bounding the work in flight
//
// [Call] never blocks and its queue has no bound. [MapLimit] hands at most
// limit elements of a batch to the pool at a time, handing out the next as
// each finishes; Map uses the pool's size as that limit, so one batch never
// floods the queue. To bound single Calls, acquire a
// golang.org/x/sync/semaphore weight before Call and release it in the
// future's OnComplete.
//
// # Failed workers
//
// A worker can stop though the pool did not stop it: a message told to it
// failed, or someone stopped it. Task failures never do this: a task's error
// or panic goes to its future and the worker runs on. A task handed to a
// worker that stopped before running it goes, with the worker's slot, to a
// fresh worker from the factory; so the pool keeps its size. Replacement
// happens when the slot is next used, without a watching goroutine. A task
// that three workers in a row refuse this way (workers that cannot start)
// fails with an error matching actor.ErrStopped.
//
// # Options and routers
//
// The workers are spawned from the factory (actor.Spawn), so every actor
// option applies, those that need a factory included:
//
//	p := pool.New(4, newFetcher, actor.WithPolicy(actor.Restart))
//
// [Pool.Workers] returns the workers as refs, to put behind any router:
// router.NewConsistentHash(byHost, p.Workers()...) sends each host's work
// to the worker that owns that host, while [Call] and [Map] still go to
// whichever worker is free. Work sent to a worker directly waits in that
// worker's mailbox, behind what it already has.
//
// # Stop
//
// [Pool.Stop] fails the queued tasks with actor.ErrStopped, lets each worker
// finish the task it runs, and waits until every worker has stopped. Tasks
// submitted afterwards fail with actor.ErrStopped. The pool holds no
// goroutine of its own, and idle workers hold none either: after Stop,
// nothing of the pool runs.
//
// # Cost
//
// A task is four small allocations (the task, the actor.Call request and two
// method values) and no goroutine; a Map adds its result slice. Dispatch
// takes the pool's lock twice per task. A task runs on its worker's
// goroutine, which an idle worker starts on demand; a worker that finishes a
// task and finds another waiting runs it on the same goroutine. The package
// benchmarks compare Map and Call with a plain channel-fed worker pool: on
// tiny tasks Map costs a few hundred nanoseconds per task more.
package pool
