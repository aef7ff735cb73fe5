// The kernel's periodic timers: a node's health checks and DHCP renewals come due again and again
// for as long as it runs. Each is one PeriodicTimer, made once with what it runs and re-armed for
// its next due time, instead of a new queue event and closure every period. The armed timers of
// the whole cluster sit in one table (a binary min-heap by due time, then sequence); the kernel's
// event queue holds a single entry for the one due first, so an idle cluster's queue holds one.
// Arming takes the kernel's next sequence number, as scheduling an event does, so a timer fires at
// the same virtual time and in the same order against every other event as a separate event
// scheduled at the same moment would, and it fires as its own kernel step.

export class PeriodicTimer {
  /** When it is next due (virtual ms), while armed. */
  atMs = 0;
  /** The kernel sequence number taken when it was armed: orders it among events due at the same ms. */
  sequence = 0;
  /** Its place in the table's heap; -1 while not armed. */
  slot = -1;

  constructor(
    readonly label: string,
    readonly action: () => void,
  ) {}

  get armed(): boolean {
    return this.slot >= 0;
  }
}

/** Whether `a` is due before `b`: by time, then by the sequence they were armed (or scheduled) with. */
function dueBefore(a: { atMs: number; sequence: number }, b: { atMs: number; sequence: number }): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.sequence < b.sequence);
}

export class TimerTable {
  private readonly heap: PeriodicTimer[] = [];

  /** Armed timers. */
  get size(): number {
    return this.heap.length;
  }

  /** The armed timer due first. */
  get head(): PeriodicTimer | undefined {
    return this.heap[0];
  }

  /** Adds `timer`, whose atMs and sequence are set and which is not armed. */
  add(timer: PeriodicTimer): void {
    this.heap.push(timer);
    this.sift(timer, this.heap.length - 1);
  }

  /** Takes `timer` out, wherever it stands; it is no longer armed. */
  remove(timer: PeriodicTimer): void {
    const index = timer.slot;
    timer.slot = -1;
    const last = this.heap.pop()!;
    if (last !== timer) this.sift(last, index);
  }

  /** Puts `timer` where it belongs, starting from the hole at `start`: up towards the head or down. */
  private sift(timer: PeriodicTimer, start: number): void {
    const heap = this.heap;
    const size = heap.length;
    let index = start;
    while (index > 0) {
      const parent = heap[(index - 1) >> 1]!;
      if (!dueBefore(timer, parent)) break;
      this.put(parent, index);
      index = (index - 1) >> 1;
    }
    for (;;) {
      let child = 2 * index + 1;
      if (child >= size) break;
      if (child + 1 < size && dueBefore(heap[child + 1]!, heap[child]!)) child++;
      if (!dueBefore(heap[child]!, timer)) break;
      this.put(heap[child]!, index);
      index = child;
    }
    this.put(timer, index);
  }

  private put(timer: PeriodicTimer, index: number): void {
    this.heap[index] = timer;
    timer.slot = index;
  }
}
