const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The small page the browser sees at the end of the Google flow. Everything shown is escaped. */
export function resultPage(opts: { ok: boolean; title: string; message: string; hint?: string }): string {
  const color = opts.ok ? '#1a7f37' : '#b42318';
  const icon = opts.ok ? '&#10003;' : '!';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)} · Calendar Stacker</title>
<style>
body{font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;background:#f6f7f9;color:#1d1f23;display:flex;min-height:100vh;align-items:center;justify-content:center;margin:0}
main{background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08);padding:32px 40px;max-width:480px}
.icon{width:44px;height:44px;border-radius:50%;background:${color};color:#fff;font-size:26px;display:flex;align-items:center;justify-content:center}
h1{font-size:22px;margin:16px 0 8px}p{margin:8px 0}.hint{color:#57606a}
</style>
</head>
<body><main>
<div class="icon">${icon}</div>
<h1>${escapeHtml(opts.title)}</h1>
<p>${escapeHtml(opts.message)}</p>
${opts.hint ? `<p class="hint">${escapeHtml(opts.hint)}</p>` : ''}
</main></body>
</html>`;
}
