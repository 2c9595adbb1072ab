import { certificatePage, escapeHtml, prefersHtml } from './verification-page';
import { parseVerificationCode } from './verification.service';

describe('verification page', () => {
  it('escapes everything it prints', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const page = certificatePage({
      status: 'valid',
      serial: '22-2026-0000001-6',
      holderName: 'N* <b>',
      course: { title: '<script>alert(1)</script>', version: 1 },
      issuedOn: '2026-12-05',
      issuer: { name: 'Phường "Bãi Cháy"' },
    });
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
    expect(page).toContain('05/12/2026');
    expect(page).toContain('<html lang="vi">');
  });

  it('negotiates: browsers get HTML, programs JSON', () => {
    expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml('application/json')).toBe(false);
    expect(prefersHtml('application/json, text/html;q=0.5')).toBe(false);
    expect(prefersHtml('text/html;q=0')).toBe(false);
  });

  it('reads serials (check digit), and verification codes the Crockford way', () => {
    expect(parseVerificationCode('22 2026 0000001 6')).toEqual({ kind: 'serial', serial: '22-2026-0000001-6' });
    expect(() => parseVerificationCode('22-2026-0000001-7')).toThrow(expect.objectContaining({ code: 'CERTIFICATE_SERIAL_CHECK_FAILED' }));
    expect(parseVerificationCode('abcd-efgh-ijkl-mnop')).toEqual({ kind: 'code', code: 'ABCDEFGH1JK1MN0P' });
    expect(() => parseVerificationCode('UUUUUUUUUUUUUUUU')).toThrow(expect.objectContaining({ code: 'CERTIFICATE_CODE_INVALID' }));
  });
});
