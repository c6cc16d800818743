/** Reading Web API requests as WebClient sends them (form, JSON, multipart) and uploaded files. */
import type { IncomingMessage } from 'node:http';
import { isRecord, parseJsonOr } from './args.js';
import type { Args } from './types.js';

// Values WebClient JSON-encodes into form fields; parsed back so tests see objects.
const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata', 'files', 'unfurls'];

export async function parseApiRequest(
  req: IncomingMessage,
  url: URL,
  raw: Buffer,
): Promise<{ args: Args; token: string | undefined }> {
  const args: Args = Object.fromEntries(url.searchParams);
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('application/json')) {
    const parsed = parseJsonOr(raw.toString('utf8'));
    if (isRecord(parsed)) Object.assign(args, parsed);
  } else if (contentType.startsWith('multipart/form-data')) {
    const form = await parseMultipart(raw, contentType);
    form.forEach((value, key) => {
      args[key] = typeof value === 'string' ? value : `<file ${value.name}>`;
    });
  } else if (raw.length > 0) {
    Object.assign(args, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
  }
  for (const field of JSON_FIELDS) {
    const value = args[field];
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) args[field] = parseJsonOr(value);
  }

  const header = req.headers.authorization;
  let token = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (typeof args.token === 'string') {
    token ??= args.token;
    delete args.token;
  }
  return { args, token };
}

function parseMultipart(raw: Buffer, contentType: string): Promise<FormData> {
  return new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
}

export async function extractUploadedFile(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) return raw;
  try {
    const form = await parseMultipart(raw, contentType);
    const part = form.get('body') ?? form.get('file');
    if (part === null) return raw;
    return typeof part === 'string' ? Buffer.from(part) : Buffer.from(await part.arrayBuffer());
  } catch {
    return raw;
  }
}
