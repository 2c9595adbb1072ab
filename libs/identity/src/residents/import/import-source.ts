import { Readable, Transform, type Writable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '@hvs/platform';
import { ImportErrors } from './import-errors';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/**
 * Content types whose request body is handed to the import as a raw stream (never buffered):
 * CSV (browsers on Windows label .csv files application/vnd.ms-excel) and XLSX. The bytes decide the
 * format: an XLSX file is a ZIP archive.
 */
export const IMPORT_CONTENT_TYPES = ['text/csv', 'application/csv', XLSX_MIME, 'application/vnd.ms-excel'];

export type ImportFormat = 'csv' | 'xlsx';

/** One row of the file: its line number (header = 1; for XLSX the sheet's row number) and its cells. */
export interface SourceRow {
  line: number;
  cells: unknown[];
}

export interface ImportSource {
  format: ImportFormat;
  /** Rows in file order, header first; pulled one at a time (reading the body only as fast as they are consumed). */
  rows: AsyncGenerator<SourceRow>;
}

/** Bytes looked at before reading: enough for the ZIP signature and the CSV header line. */
const HEAD_BYTES = 64 * 1024;
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
/** Longest CSV record accepted (one person's row is ~150 bytes). */
const MAX_RECORD_BYTES = 64 * 1024;

/**
 * Opens an uploaded file as a stream of rows. The body is never held whole: a byte counter refuses it
 * past `maxBytes` (413), the first 64 KB are looked at to tell XLSX from CSV and, for CSV, the
 * delimiter (comma, semicolon or tab, from the header line) and that the text is UTF-8; then the rows
 * are parsed as they are pulled.
 */
export async function openImportSource(
  body: unknown,
  headers: { contentType?: string; contentLength?: string },
  maxBytes: number,
): Promise<ImportSource> {
  const { contentType } = headers;
  // a declared size over the limit is refused before reading (a chunked body is counted as it comes)
  if (Number(headers.contentLength) > maxBytes) throw ImportErrors.tooLarge(maxBytes);
  const stream = toStream(body, contentType);
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(ImportErrors.tooLarge(maxBytes));
      else callback(null, chunk);
    },
  });
  forward(stream, limited);
  const { head, body: file } = await readHead(limited, HEAD_BYTES);
  if (head.length === 0) throw ImportErrors.empty();
  if (head.subarray(0, 4).equals(ZIP_SIGNATURE)) return { format: 'xlsx', rows: xlsxRows(file) };
  if (head.subarray(0, 4).equals(OLE_SIGNATURE)) {
    throw ImportErrors.fileInvalid('đây là tệp Excel cũ (.xls). Hãy lưu lại thành .xlsx hoặc CSV UTF-8.');
  }
  if (mediaType(contentType) === XLSX_MIME) throw ImportErrors.fileInvalid('tệp không phải XLSX.');
  assertUtf8(head);
  return { format: 'csv', rows: csvRows(file, detectDelimiter(head)) };
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
    if (!src.readableEnded) dest.destroy(ImportErrors.fileInvalid('tải lên bị gián đoạn.'));
  });
  src.pipe(dest);
}

const mediaType = (contentType: string | undefined) => (contentType ?? '').split(';')[0].trim().toLowerCase();

function toStream(body: unknown, contentType: string | undefined): Readable {
  if (body instanceof Readable) return body;
  // small text bodies a client sent as text/plain (Fastify's own parser read them): same treatment
  if (typeof body === 'string' || Buffer.isBuffer(body)) return Readable.from([Buffer.from(body)]);
  if (body === undefined || body === null) throw ImportErrors.empty();
  throw ImportErrors.unsupportedType(contentType);
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

/** Refuses a CSV file that is not UTF-8 (e.g. saved by Excel as "CSV (Comma delimited)" in a Windows code page). */
function assertUtf8(head: Buffer): void {
  // a multi-byte character may be cut at the end of the head: check up to the last line break
  const end = head.length < HEAD_BYTES ? head.length : head.lastIndexOf(0x0a) + 1;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end > 0 ? end : head.length));
  } catch {
    throw ImportErrors.encoding();
  }
}

/** The delimiter of the header line: whichever of , ; and tab occurs most outside quotes (comma on a tie). */
export function detectDelimiter(head: Buffer): string {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  return Object.entries(counts).reduce((best, [d, n]) => (n > counts[best] ? d : best), ',');
}

const CSV_REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'có dấu ngoặc kép (") chưa được đóng',
  CSV_INVALID_CLOSING_QUOTE: 'có dấu ngoặc kép (") đặt sai chỗ',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'có ký tự ngay sau dấu ngoặc kép đóng',
  CSV_MAX_RECORD_SIZE: 'có một dòng quá dài',
};

async function* csvRows(stream: Readable, delimiter: string): AsyncGenerator<SourceRow> {
  // empty lines are records too (skipped by the caller as blank rows), so line numbers can be counted
  // here; csv-parse's own `info` costs a third of the parsing time and keeps objects alive
  const parser = parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: false, max_record_size: MAX_RECORD_BYTES });
  forward(stream, parser);
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      yield { line, cells: record };
      line++;
      // a quoted cell may span lines
      for (const cell of record) {
        for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) line++;
      }
    }
  } catch (err) {
    if (err instanceof CsvError) {
      throw ImportErrors.fileInvalid(`${CSV_REASONS[err.code] ?? 'sai định dạng CSV'} (dòng ${err.lines}).`, { line: err.lines, reason: err.code });
    }
    throw err;
  } finally {
    parser.destroy();
  }
}

/** The rows of the first worksheet, read with ExcelJS's streaming reader (row by row, no whole workbook). */
async function* xlsxRows(stream: Readable): AsyncGenerator<SourceRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // styles tell date cells from numbers
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const cells: unknown[] = [];
        for (let i = 1; i < values.length; i++) cells.push(values[i]);
        yield { line: row.number, cells };
      }
      return; // first sheet only
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw ImportErrors.fileInvalid('tệp XLSX bị hỏng hoặc không đúng định dạng.');
  }
}
