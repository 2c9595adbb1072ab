import { isUtf8 } from 'node:buffer';
import { Readable, Transform, type Writable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../http/app-error';
import { TabularErrors } from './tabular-errors';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/**
 * Content types whose request body is handed to a tabular import as a raw stream (never buffered):
 * CSV (browsers on Windows label .csv files application/vnd.ms-excel) and XLSX. The bytes decide the
 * format: an XLSX file is a ZIP archive.
 */
export const TABULAR_CONTENT_TYPES = ['text/csv', 'application/csv', XLSX_MIME, 'application/vnd.ms-excel'];

export type TabularFormat = 'csv' | 'xlsx';

/** One row of a file: its sheet (1 for CSV, else in the workbook's order), its line (file line, or the sheet's row number) and its cells. */
export interface TabularRow {
  sheet: number;
  line: number;
  cells: unknown[];
}

export interface TabularSource {
  format: TabularFormat;
  /** Rows in file order; pulled one at a time (the body is read only as fast as they are consumed). */
  rows: AsyncGenerator<TabularRow>;
}

/** Bytes looked at before reading: enough for the ZIP signature, a byte-order mark and the first lines. */
const HEAD_BYTES = 64 * 1024;
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
/** Longest CSV record accepted. */
const MAX_RECORD_BYTES = 64 * 1024;
/** Line endings of every origin, in one file: Windows first (so CR LF is one break), then Unix, then old Mac. */
const LINE_BREAKS = ['\r\n', '\n', '\r'];
const DELIMITERS = [',', ';', '\t'];

type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * Opens an uploaded file as a stream of rows. The body is never held whole: a byte counter refuses it
 * past `maxBytes` (413); the first 64 KB tell XLSX (a ZIP) from text, and for text the encoding (UTF-8
 * with or without byte-order mark, or UTF-16 with one, as Excel's "Unicode text") and the delimiter
 * (`,`, `;` as Excel writes with Vietnamese regional settings, or tab). Lines may end in CR LF, LF or
 * CR, mixed in one file. Text that is not valid UTF-8 anywhere in the file is refused (IMPORT_ENCODING).
 */
export async function openTabularSource(
  body: unknown,
  headers: { contentType?: string; contentLength?: string },
  maxBytes: number,
): Promise<TabularSource> {
  const { contentType } = headers;
  // a declared size over the limit is refused before reading (a chunked body is counted as it comes)
  if (Number(headers.contentLength) > maxBytes) throw TabularErrors.tooLarge(maxBytes);
  const stream = toStream(body, contentType);
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(TabularErrors.tooLarge(maxBytes));
      else callback(null, chunk);
    },
  });
  forward(stream, limited);
  const { head, body: file } = await readHead(limited, HEAD_BYTES);
  if (head.length === 0) throw TabularErrors.empty();
  if (head.subarray(0, 4).equals(ZIP_SIGNATURE)) return { format: 'xlsx', rows: xlsxRows(file) };
  if (head.subarray(0, 4).equals(OLE_SIGNATURE)) {
    throw TabularErrors.fileInvalid('đây là tệp Excel cũ (.xls). Hãy lưu lại thành .xlsx hoặc CSV UTF-8.');
  }
  if (mediaType(contentType) === XLSX_MIME) throw TabularErrors.fileInvalid('tệp không phải XLSX.');
  const encoding = detectEncoding(head);
  if (encoding === 'utf-8' && !isUtf8(head.subarray(0, completeUtf8Length(head)))) throw TabularErrors.encoding();
  const text = encoding === 'utf-8' ? checkedUtf8() : transcodeToUtf8(encoding);
  forward(file, text);
  return { format: 'csv', rows: csvRows(text, detectDelimiter(new TextDecoder(encoding).decode(head))) };
}

/**
 * Pipes `src` into `dest` and hands `src`'s failure (or end without completion: a client that went
 * away) to `dest`, where the reader sees it. Unlike stream.pipeline it never destroys `src`: destroying
 * an unfinished request would close the connection before the error answer is sent (Node discards the
 * rest of an unread request body after the response).
 */
function forward(src: Readable, dest: Writable): void {
  // the reader listens to `dest`; this keeps a late failure after the reader has gone from being an uncaught error
  dest.on('error', () => undefined);
  src.on('error', (err) => dest.destroy(err));
  src.on('close', () => {
    if (!src.readableEnded) dest.destroy(TabularErrors.fileInvalid('tải lên bị gián đoạn.'));
  });
  src.pipe(dest);
}

const mediaType = (contentType: string | undefined) => (contentType ?? '').split(';')[0].trim().toLowerCase();

function toStream(body: unknown, contentType: string | undefined): Readable {
  if (body instanceof Readable) return body;
  // small text bodies a client sent as text/plain (Fastify's own parser read them): same treatment
  if (typeof body === 'string' || Buffer.isBuffer(body)) return Readable.from([Buffer.from(body)]);
  if (body === undefined || body === null) throw TabularErrors.empty();
  throw TabularErrors.unsupportedType(contentType);
}

/**
 * Reads the first `bytes` (or everything, if shorter) and returns them with a stream of the whole body
 * (head included), read on from where the head stopped.
 */
async function readHead(stream: Readable, bytes: number): Promise<{ head: Buffer; body: Readable }> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const parts: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      break;
    }
    parts.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(parts);
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (done) return;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, body: Readable.from(all(), { objectMode: false }) };
}

/** UTF-16 only with its byte-order mark (Excel's "Unicode text"); everything else is read as UTF-8 (a UTF-8 mark is dropped by the parser). */
export function detectEncoding(head: Buffer): TextEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** The length of `bytes` up to the last complete UTF-8 sequence (a character may be cut at a chunk's end). */
function completeUtf8Length(bytes: Buffer): number {
  let lead = bytes.length - 1;
  while (lead >= 0 && bytes.length - lead <= 3 && (bytes[lead] & 0xc0) === 0x80) lead--;
  if (lead < 0) return bytes.length;
  const b = bytes[lead];
  const size = b < 0x80 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 1;
  return lead + size <= bytes.length ? bytes.length : lead;
}

/**
 * Passes UTF-8 through, checking every chunk (a character cut between two chunks is held back until the
 * next): a file in a Windows code page (Excel's plain "CSV") is refused, wherever its first non-ASCII
 * byte is, instead of turning names into replacement characters.
 */
function checkedUtf8(): Transform {
  let carry: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const bytes = carry ? Buffer.concat([carry, chunk]) : chunk;
      const complete = completeUtf8Length(bytes);
      if (!isUtf8(bytes.subarray(0, complete))) return callback(TabularErrors.encoding());
      carry = complete < bytes.length ? Buffer.from(bytes.subarray(complete)) : null;
      callback(null, complete < bytes.length ? bytes.subarray(0, complete) : bytes);
    },
    flush(callback) {
      callback(carry ? TabularErrors.encoding() : null);
    },
  });
}

/** UTF-16 text (its byte-order mark dropped) re-encoded as UTF-8 for the parser. */
function transcodeToUtf8(encoding: TextEncoding): Transform {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const encode = (text: string) => (text ? Buffer.from(text, 'utf8') : undefined);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        callback(null, encode(decoder.decode(chunk, { stream: true })));
      } catch {
        callback(TabularErrors.encoding());
      }
    },
    flush(callback) {
      try {
        callback(null, encode(decoder.decode()));
      } catch {
        callback(TabularErrors.encoding());
      }
    },
  });
}

/**
 * The delimiter: the first line with a `,`, `;` or tab outside quotes decides, by whichever of them it
 * has most (comma on a tie). Title lines above the header (no delimiter) are passed over.
 */
export function detectDelimiter(head: string): string {
  const text = head.replace(/^\uFEFF/, '');
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let any = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (any) break;
    } else if (!quoted && ch in counts) {
      counts[ch]++;
      any = true;
    }
  }
  return DELIMITERS.reduce((best, d) => (counts[d] > counts[best] ? d : best), ',');
}

const CSV_REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'có dấu ngoặc kép (") chưa được đóng',
  CSV_INVALID_CLOSING_QUOTE: 'có dấu ngoặc kép (") đặt sai chỗ',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'có ký tự ngay sau dấu ngoặc kép đóng',
  CSV_MAX_RECORD_SIZE: 'có một dòng quá dài',
};

async function* csvRows(stream: Readable, delimiter: string): AsyncGenerator<TabularRow> {
  // empty lines are records too (skipped by the reader as blank rows), so line numbers can be counted
  // here; csv-parse's own `info` costs a third of the parsing time and keeps objects alive
  const parser = parse({
    bom: true,
    delimiter,
    record_delimiter: LINE_BREAKS,
    relax_column_count: true,
    // a quote inside an unquoted cell (Nguyễn Văn "Tý") is a character, as Excel reads it
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES,
  });
  forward(stream, parser);
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      yield { sheet: 1, line, cells: record };
      line++;
      // a quoted cell may span lines
      for (const cell of record) line += lineBreaksIn(cell);
    }
  } catch (err) {
    if (err instanceof CsvError) {
      throw TabularErrors.fileInvalid(`${CSV_REASONS[err.code] ?? 'sai định dạng CSV'} (dòng ${err.lines}).`, { line: err.lines, reason: err.code });
    }
    throw err;
  } finally {
    parser.destroy();
  }
}

function lineBreaksIn(cell: string): number {
  let breaks = 0;
  for (let at = 0; at < cell.length; at++) {
    const c = cell.charCodeAt(at);
    if (c === 10) breaks++;
    else if (c === 13) {
      breaks++;
      if (cell.charCodeAt(at + 1) === 10) at++;
    }
  }
  return breaks;
}

/** The rows of every worksheet in order, read with ExcelJS's streaming reader (row by row, no whole workbook). */
async function* xlsxRows(stream: Readable): AsyncGenerator<TabularRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // styles tell date cells from numbers
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheet = 0;
  try {
    for await (const worksheet of reader) {
      sheet++;
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        const cells: unknown[] = [];
        for (let i = 1; i < values.length; i++) cells.push(values[i]);
        yield { sheet, line: row.number, cells };
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw TabularErrors.fileInvalid('tệp XLSX bị hỏng hoặc không đúng định dạng.');
  }
}
