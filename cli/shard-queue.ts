// The shards of a threaded render, handed out by one counter in shared memory: every thread takes
// the next shard itself as soon as it is free, without waiting for the main thread to answer.
export class ShardQueue {
  private readonly next: Int32Array;

  /** @param buffer the queue another thread created (ShardQueue.buffer), or none for a new one */
  constructor(
    private readonly size: number,
    readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
  ) {
    this.next = new Int32Array(buffer);
  }

  /** The next shard's number, or undefined when every shard is taken or the queue is closed. */
  take(): number | undefined {
    const job = Atomics.add(this.next, 0, 1);
    return job < this.size ? job : undefined;
  }

  /** Hands out no further shard (a thread failed). */
  close(): void {
    Atomics.store(this.next, 0, this.size);
  }
}
