import type { CertificateVerificationView } from './verification.dto';

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1f2933}
h1{font-size:1.4rem}.status{padding:.75rem 1rem;border-radius:.5rem;font-weight:bold}
.valid{background:#e3f9e5;color:#05400a}.revoked{background:#ffe3e3;color:#610404}.unknown{background:#f0f4f8;color:#243b53}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem}dt{color:#627d98}dd{margin:0}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Học Vụ Số</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Tra cứu chứng nhận kỹ năng số</h1>
${body}
<p><small>Học Vụ Số — tra cứu công khai. Trang chỉ hiển thị chữ cái đầu của họ tên người được cấp.</small></p>
</body>
</html>
`;
}

function dmy(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** The page of a known certificate (valid or revoked). */
export function certificatePage(v: CertificateVerificationView): string {
  const status =
    v.status === 'valid'
      ? '<p class="status valid">Chứng nhận hợp lệ</p>'
      : `<p class="status revoked">Chứng nhận đã bị thu hồi${v.revokedOn ? ` ngày ${escapeHtml(dmy(v.revokedOn))}` : ''}</p>`;
  return page(
    v.status === 'valid' ? 'Chứng nhận hợp lệ' : 'Chứng nhận đã bị thu hồi',
    `${status}
<dl>
<dt>Số hiệu</dt><dd>${escapeHtml(v.serial)}</dd>
<dt>Người được cấp</dt><dd>${escapeHtml(v.holderName)}</dd>
<dt>Khóa học</dt><dd>${escapeHtml(v.course.title)} (phiên bản ${v.course.version})</dd>
<dt>Ngày cấp</dt><dd>${escapeHtml(dmy(v.issuedOn))}</dd>
<dt>Đơn vị cấp</dt><dd>${escapeHtml(v.issuer.name)}</dd>
</dl>`,
  );
}

/** The page when the code names no known certificate, or is not a code at all. */
export function problemPage(message: string): string {
  return page('Không tìm thấy chứng nhận', `<p class="status unknown">${escapeHtml(message)}</p>`);
}

/** Whether the client prefers an HTML page to JSON (a browser), from its Accept header. */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const weight = Number.isFinite(q) ? q : 0;
    if (type === 'text/html' || type === 'application/xhtml+xml') html = Math.max(html, weight);
    if (type === 'application/json') json = Math.max(json, weight);
  }
  return html > 0 && html > json;
}
