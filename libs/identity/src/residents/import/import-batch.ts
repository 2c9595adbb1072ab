import type { ImportRowValues } from './import-row';
import type { ImportRowError } from './resident-import.repository';

/** Bytes of a keyed hash (HMAC-SHA256). */
export const HASH_BYTES = 32;
/** A name token in PostgreSQL's binary int8[] element form: length (4 bytes) + value (8 bytes). */
export const TOKEN_BYTES = 12;
/** Header of a one-dimensional binary int8[] (ndim, has-null flag, element type, length, lower bound). */
export const INT8_ARRAY_HEADER_BYTES = 20;

/**
 * A valid row of a batch: its checked values and what has been computed for it, in one object (rows
 * live while a batch is read and written; one object each rather than three keeps the garbage
 * collector's old generation small). Its binary values live in the batch's buffers (see ImportBatch).
 */
export interface BatchRow extends ImportRowValues {
  line: number;
  /** The name as searched (no diacritics, lower case). */
  normalizedName: string;
  /** Id the row gets if it is a new resident. */
  newId: string;
  /** The phone hash is in `phones` (or the row has no phone). */
  phoneReady: boolean;
  /** Name tokens: elements [tokensFrom, tokensFrom + tokenCount) of `tokens`; 0 = not computed yet. */
  tokensFrom: number;
  tokenCount: number;
  /** Encrypted blob in `blobs`, bound to `blobFor` (null = not encrypted yet). */
  blobAt: number;
  blobLength: number;
  blobFor: string | null;
}

/** An append-only byte buffer that grows by doubling. */
export class ByteSlab {
  buffer: Buffer;
  used: number;

  constructor(
    private readonly initial: number,
    private readonly reserved = 0,
  ) {
    this.buffer = Buffer.allocUnsafe(initial);
    this.used = reserved;
  }

  /** Room for `bytes` more; returns the offset to write at (and counts them as used). */
  take(bytes: number): number {
    if (this.used + bytes > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + bytes));
      this.buffer.copy(grown, 0, 0, this.used);
      this.buffer = grown;
    }
    const at = this.used;
    this.used += bytes;
    return at;
  }

  reset(): void {
    if (this.buffer.length > this.initial * 4) this.buffer = Buffer.allocUnsafe(this.initial);
    this.used = this.reserved;
  }
}

/**
 * A run of consecutive lines of the file: the valid rows to write, the lines already rejected, and the
 * rows' binary values packed in a few buffers instead of one Buffer per value: the keyed hashes at
 * row × 32 bytes, the encrypted blobs and the name tokens appended. A batch's objects live while the
 * next one is read (a few hundred ms): one Buffer per value would leave thousands of small objects per
 * batch for the old generation of the garbage collector and the heap would grow with the file; packed,
 * they are a handful, and the buffers are reused by the next batches (ImportBatchPool).
 */
export class ImportBatch {
  index = 0;
  firstLine = 0;
  lastLine = 0;
  /** Data rows covered (valid + rejected). */
  total = 0;
  rejectedRows = 0;
  errors: ImportRowError[] = [];
  rows: BatchRow[] = [];
  /** Keyed hashes at row × 32: CCCD (rows with one), duplicate-person key (every row), phone (rows with one, once computed). */
  readonly cccds: Buffer;
  readonly dedupes: Buffer;
  readonly phones: Buffer;
  readonly blobs = new ByteSlab(256 * 1024);
  /** The first 20 bytes are left for the int8[] header, written when the batch is sent. */
  readonly tokens = new ByteSlab(256 * 1024, INT8_ARRAY_HEADER_BYTES);

  constructor(readonly capacity: number) {
    this.cccds = Buffer.allocUnsafe(capacity * HASH_BYTES);
    this.dedupes = Buffer.allocUnsafe(capacity * HASH_BYTES);
    this.phones = Buffer.allocUnsafe(capacity * HASH_BYTES);
  }

  get full(): boolean {
    return this.rows.length >= this.capacity;
  }

  /** The batch's name tokens as one binary int8[] (PostgreSQL's array_recv format). */
  tokenArray(): Buffer {
    const count = (this.tokens.used - INT8_ARRAY_HEADER_BYTES) / TOKEN_BYTES;
    const b = this.tokens.buffer;
    b.writeInt32BE(1, 0); // dimensions
    b.writeInt32BE(0, 4); // no NULL
    b.writeInt32BE(20, 8); // element type: int8
    b.writeInt32BE(count, 12);
    b.writeInt32BE(1, 16); // lower bound
    return b.subarray(0, this.tokens.used);
  }

  reset(index: number): void {
    this.index = index;
    this.firstLine = 0;
    this.lastLine = 0;
    this.total = 0;
    this.rejectedRows = 0;
    this.errors = [];
    this.rows = [];
    this.blobs.reset();
    this.tokens.reset();
  }
}

/** Batches are reused once written: at most two are in use (one written, one filled). */
export class ImportBatchPool {
  private readonly free: ImportBatch[] = [];

  constructor(private readonly capacity: number) {}

  take(index: number): ImportBatch {
    const batch = this.free.pop() ?? new ImportBatch(this.capacity);
    batch.reset(index);
    return batch;
  }

  give(batch: ImportBatch): void {
    batch.reset(0);
    if (this.free.length < 2) this.free.push(batch);
  }
}

/**
 * The first line of each person of a file (by CCCD, or without one by name + birth date), to report
 * later rows of the same person. Keyed by 64 bits of the person's keyed hash (uniformly random: a false
 * match among 500,000 rows has a probability of about 10⁻⁸), in an open-addressing table of typed
 * arrays: no object per entry, so a 100,000-row file adds ~3 MB outside the JavaScript heap instead of
 * a Map of 100,000 strings inside it.
 */
export class FirstLines {
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  /** 0 = free slot (lines start at 1). */
  private lines = new Int32Array(1024);
  private size = 0;

  /** The line recorded earlier for this person; or records `line` for it and returns undefined. */
  firstOr(hash: Buffer, byCccd: boolean, line: number): number | undefined {
    const hi = (hash.readUInt32BE(0) ^ (byCccd ? 0x80000000 : 0)) >>> 0;
    const lo = hash.readUInt32BE(4);
    const mask = this.lines.length - 1;
    for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
      if (this.lines[slot] === 0) {
        this.hi[slot] = hi;
        this.lo[slot] = lo;
        this.lines[slot] = line;
        if (++this.size * 2 > this.lines.length) this.grow();
        return undefined;
      }
      if (this.hi[slot] === hi && this.lo[slot] === lo) return this.lines[slot];
    }
  }

  private grow(): void {
    const { hi, lo, lines } = this;
    this.hi = new Uint32Array(lines.length * 2);
    this.lo = new Uint32Array(lines.length * 2);
    this.lines = new Int32Array(lines.length * 2);
    const mask = this.lines.length - 1;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === 0) continue;
      let slot = lo[i] & mask;
      while (this.lines[slot] !== 0) slot = (slot + 1) & mask;
      this.hi[slot] = hi[i];
      this.lo[slot] = lo[i];
      this.lines[slot] = lines[i];
    }
  }
}
