/** The queue dashboard's login page (server-rendered, no script), in Vietnamese. */

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export function loginPage(input: { action: string; next: string; username?: string; error?: string }): string {
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : '';
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Đăng nhập – Bảng điều khiển hàng đợi – Học Vụ Số</title>
<style>
body { font-family: system-ui, sans-serif; background: #f4f6f8; margin: 0; }
main { max-width: 22rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
h1 { font-size: 1.25rem; margin-top: 0; }
label { display: block; margin-top: 1rem; }
input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }
button { margin-top: 1.5rem; width: 100%; padding: .6rem; font-size: 1rem; }
.error { color: #b00020; }
</style>
</head>
<body>
<main>
<h1>Bảng điều khiển hàng đợi</h1>
<p>Chỉ dành cho quản trị viên. Đăng nhập bằng tài khoản quản trị của bạn.</p>
${error}
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="next" value="${escapeHtml(input.next)}">
<label for="username">Tên đăng nhập</label>
<input id="username" name="username" autocomplete="username" required value="${escapeHtml(input.username ?? '')}">
<label for="password">Mật khẩu</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Đăng nhập</button>
</form>
</main>
</body>
</html>
`;
}
