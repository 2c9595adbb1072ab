import { writeSync } from 'node:fs';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Where the log lines go: stdout, written in batches. Lines are kept in memory until 16 KiB are waiting
 * (or a second has passed, or the process exits) and then written with one synchronous write, so
 * order is kept and nothing is lost at exit. A line costs an array push instead of a system call (and
 * pino's asynchronous destination re-measures its whole pending buffer on every line, which under
 * load cost more than serving the request). Partial writes are continued; a full pipe (EAGAIN) is
 * waited for briefly, then the batch is dropped rather than blocking the process.
 */
export class BufferedOutput {
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(
    private readonly fd = 1,
    private readonly flushAtChars = 16_384,
  ) {}

  write(line: string): boolean {
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= this.flushAtChars) this.flush();
    return true;
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const data = Buffer.from(this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
    let offset = 0;
    let waits = 0;
    while (offset < data.length) {
      try {
        offset += writeSync(this.fd, data, offset);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' || ++waits > 200) return; // stdout gone or stuck: drop, never crash
        Atomics.wait(sleeper, 0, 0, 5);
      }
    }
  }
}
