// The baseline for the kernel benchmark: the least a discrete-event queue can do, a binary
// min-heap of (time, insertion sequence, action) with hole-based sifting, no labels, no
// cancellation, no bounds and no hooks. What the kernel adds on top of it is its overhead.
export interface BareEvent {
  at: number;
  seq: number;
  action: () => void;
}

export class BareHeap {
  now = 0;
  private seq = 0;
  private readonly heap: BareEvent[] = [];

  schedule(delay: number, action: () => void): void {
    const event = { at: this.now + delay, seq: this.seq++, action };
    const heap = this.heap;
    let index = heap.length;
    heap.push(event);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent]!;
      if (above.at < event.at || (above.at === event.at && above.seq < event.seq)) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = event;
  }

  /** Fire every event in order until none is left. */
  run(): number {
    const heap = this.heap;
    let fired = 0;
    while (heap.length > 0) {
      const top = heap[0]!;
      const last = heap.pop()!;
      const size = heap.length;
      if (size > 0) {
        let index = 0;
        for (;;) {
          let child = 2 * index + 1;
          if (child >= size) break;
          const right = child + 1;
          if (right < size && (heap[right]!.at < heap[child]!.at || (heap[right]!.at === heap[child]!.at && heap[right]!.seq < heap[child]!.seq))) child = right;
          const below = heap[child]!;
          if (last.at < below.at || (last.at === below.at && last.seq < below.seq)) break;
          heap[index] = below;
          index = child;
        }
        heap[index] = last;
      }
      this.now = top.at;
      fired++;
      top.action();
    }
    return fired;
  }
}
