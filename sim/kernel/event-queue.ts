// The kernel's pending events: a binary min-heap ordered by (virtual time, insertion sequence),
// so two events due at the same millisecond always fire in the order they were scheduled.
// Cancellation is lazy (a flag), which keeps cancel O(1) for 10,000-node clusters. Sifting moves
// a hole rather than swapping pairs, and every event has one shape (a class with all fields set
// at construction), which keeps the queue within a few percent of a bare heap.

export class ScheduledEvent {
  /** Cancelled, or popped from the queue (fired): cancelling it now is a no-op. */
  done = false;

  constructor(
    public atMs: number,
    public sequence: number,
    public label: string,
    readonly action: () => void,
  ) {}

  /** A fired event, out of the queue, made to stand again for another due time (the kernel's periodic timers). */
  carry(atMs: number, sequence: number, label: string): void {
    this.atMs = atMs;
    this.sequence = sequence;
    this.label = label;
    this.done = false;
  }
}

export class EventQueue {
  private readonly heap: ScheduledEvent[] = [];
  private liveCount = 0;

  get size(): number {
    return this.liveCount;
  }

  push(event: ScheduledEvent): void {
    const heap = this.heap;
    const at = event.atMs;
    const sequence = event.sequence;
    let index = heap.length;
    heap.push(event);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent]!;
      if (above.atMs < at || (above.atMs === at && above.sequence < sequence)) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = event;
    this.liveCount++;
  }

  cancel(event: ScheduledEvent): boolean {
    if (event.done) return false;
    event.done = true;
    this.liveCount--;
    return true;
  }

  /** The next live event without removing it. */
  peek(): ScheduledEvent | undefined {
    const heap = this.heap;
    while (heap.length > 0 && heap[0]!.done) this.removeHead();
    return heap[0];
  }

  pop(): ScheduledEvent | undefined {
    const heap = this.heap;
    while (heap.length > 0 && heap[0]!.done) this.removeHead();
    if (heap.length === 0) return undefined;
    const top = heap[0]!;
    this.removeHead();
    this.liveCount--;
    top.done = true;
    return top;
  }

  /** Removes the event peek() just returned (the head), marking it fired. */
  takePeeked(event: ScheduledEvent): void {
    this.removeHead();
    this.liveCount--;
    event.done = true;
  }

  private removeHead(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    const size = heap.length;
    if (size === 0) return;
    const at = last.atMs;
    const sequence = last.sequence;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= size) break;
      let below = heap[child]!;
      const right = child + 1;
      if (right < size) {
        const other = heap[right]!;
        if (other.atMs < below.atMs || (other.atMs === below.atMs && other.sequence < below.sequence)) {
          child = right;
          below = other;
        }
      }
      if (at < below.atMs || (at === below.atMs && sequence < below.sequence)) break;
      heap[index] = below;
      index = child;
    }
    heap[index] = last;
  }
}
