import { closeSync, openSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferedOutput } from './buffered-output';

describe('BufferedOutput', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'hvs-log-')), 'out.log');

  it('keeps lines in order and loses none, across batches and the final flush', async () => {
    const path = file();
    const fd = openSync(path, 'w');
    const out = new BufferedOutput(fd, 1000);
    const lines = Array.from({ length: 5000 }, (_, i) => `{"n":${i},"text":"Nguyễn Văn A ${'x'.repeat(i % 50)}"}\n`);
    for (const l of lines) out.write(l);
    await new Promise((r) => setTimeout(r, 50));
    out.write('{"n":"last"}\n');
    out.flush();
    await new Promise((r) => setTimeout(r, 50));
    closeSync(fd);
    const written = readFileSync(path, 'utf8');
    expect(written).toBe(lines.join('') + '{"n":"last"}\n');
  });

  it('writes nothing until a batch is full or flush is called', async () => {
    const path = file();
    const fd = openSync(path, 'w');
    const out = new BufferedOutput(fd, 1_000_000);
    out.write('a\n');
    await new Promise((r) => setTimeout(r, 20));
    expect(readFileSync(path, 'utf8')).toBe('');
    out.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(path, 'utf8')).toBe('a\n');
    closeSync(fd);
  });
});
