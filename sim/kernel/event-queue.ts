// The kernel's pending events: a binary min-heap ordered by (virtual time, insertion sequence),
// so two events due at the same millisecond always fire in the order they were scheduled.
// Cancellation is lazy (a flag), which keeps cancel O(1) for 10,000-node clusters.

export interface ScheduledEvent {
  readonly atMs: number;
  readonly sequence: number;
  readonly label: string;
  readonly action: () => void;
  cancelled: boolean;
  /** Popped from the queue (fired): cancelling it now is a no-op. */
  fired?: boolean;
}

export class EventQueue {
  private heap: ScheduledEvent[] = [];
  private liveCount = 0;

  get size(): number {
    return this.liveCount;
  }

  push(event: ScheduledEvent): void {
    this.heap.push(event);
    this.liveCount++;
    this.siftUp(this.heap.length - 1);
  }

  cancel(event: ScheduledEvent): boolean {
    if (event.cancelled || event.fired) return false;
    event.cancelled = true;
    this.liveCount--;
    return true;
  }

  /** The next live event without removing it. */
  peek(): ScheduledEvent | undefined {
    this.dropCancelledHead();
    return this.heap[0];
  }

  pop(): ScheduledEvent | undefined {
    this.dropCancelledHead();
    const top = this.heap[0];
    if (!top) return undefined;
    this.removeHead();
    this.liveCount--;
    top.fired = true;
    return top;
  }

  private dropCancelledHead(): void {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.removeHead();
  }

  private removeHead(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  private static before(a: ScheduledEvent, b: ScheduledEvent): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.sequence < b.sequence);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!EventQueue.before(heap[index]!, heap[parent]!)) return;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && EventQueue.before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && EventQueue.before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
      index = smallest;
    }
  }
}
