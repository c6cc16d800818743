/**
 * Files people share with the app (uploaded in a DM, or picked in a modal's file_input), as Slack
 * keeps them: `files.info` describes one (scope `files:read`), and its `url_private_download`
 * serves the bytes only to a request carrying a token with that scope in `Authorization: Bearer`.
 * Without one Slack does not answer 401: it redirects to its sign-in page, which a client that
 * follows redirects receives as HTML with status 200 — the fake does the same, so the app must
 * tell a file from a sign-in page.
 */
import { fail, str } from './args.js';
import type { ApiResult, Args, HttpReply } from './types.js';

/** A shared file as Slack's `files.info`, file_share events and file_input state describe it. */
export interface FakeSlackFile {
  id: string;
  created: number;
  timestamp: number;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  user_team: string;
  size: number;
  mode: 'hosted';
  is_external: false;
  is_public: false;
  url_private: string;
  url_private_download: string;
  permalink: string;
}

export interface ShareFileOptions {
  name: string;
  content: string | Buffer;
  /** Who uploaded it. */
  user: string;
  /** Slack's type ("csv", "text"...); default from the extension. */
  filetype?: string;
  /** What files.info says its size is (default: the content's); a lie here is Slack's metadata, not the bytes. */
  size?: number;
}

const MIME: Record<string, string> = { csv: 'text/csv', ics: 'text/calendar', text: 'text/plain' };

export const FILES_READ = 'files:read';

const SIGN_IN_PAGE = '<!DOCTYPE html><html><head><title>Sign in | Slack</title></head><body>Sign in to your workspace</body></html>';

export function sharedFiles(opts: { teamId: string; baseUrl: string; hasScope: (token: string | undefined, scope: string) => boolean }) {
  const files = new Map<string, { file: FakeSlackFile; content: Buffer }>();
  const downloads: { fileId: string; authorized: boolean }[] = [];
  let seq = 0;

  function share(o: ShareFileOptions): FakeSlackFile {
    const id = `F0SHARED${String(++seq).padStart(4, '0')}`;
    const content = Buffer.isBuffer(o.content) ? o.content : Buffer.from(o.content, 'utf8');
    const filetype = o.filetype ?? (/\.([a-z0-9]+)$/i.exec(o.name)?.[1]?.toLowerCase() ?? 'text');
    const path = `${opts.teamId}-${id}/${encodeURIComponent(o.name)}`;
    const now = Math.floor(Date.now() / 1000);
    const file: FakeSlackFile = {
      id,
      created: now,
      timestamp: now,
      name: o.name,
      title: o.name,
      mimetype: MIME[filetype] ?? 'application/octet-stream',
      filetype,
      pretty_type: filetype.toUpperCase(),
      user: o.user,
      user_team: opts.teamId,
      size: o.size ?? content.length,
      mode: 'hosted',
      is_external: false,
      is_public: false,
      url_private: `${opts.baseUrl}/files-pri/${path}`,
      url_private_download: `${opts.baseUrl}/files-pri/${path.replace('/', '/download/')}`,
      permalink: `https://fake-slack.slack.com/files/${o.user}/${id}/${encodeURIComponent(o.name)}`,
    };
    files.set(id, { file, content });
    return structuredClone(file);
  }

  /** `files.info`: needs `files:read`; an unknown id is `file_not_found`. */
  function info(args: Args, token: string | undefined): ApiResult {
    if (!opts.hasScope(token, FILES_READ)) return { ...fail('missing_scope'), needed: FILES_READ };
    const kept = files.get(str(args.file) ?? '');
    return kept ? { ok: true, file: structuredClone(kept.file), content: '', comments: [], response_metadata: { next_cursor: '' } } : fail('file_not_found');
  }

  /** GET of a `url_private(_download)`: the bytes to a token with files:read, else the sign-in page. */
  function download(path: string, authorization: string | undefined): HttpReply {
    const m = /^\/files-pri\/[^/]+-([^/]+)\/(?:download\/)?[^/]+$/.exec(path);
    const kept = m?.[1] ? files.get(m[1]) : undefined;
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const authorized = opts.hasScope(token, FILES_READ);
    if (kept) downloads.push({ fileId: kept.file.id, authorized });
    if (!authorized) return { status: 302, body: '', contentType: 'text/html', headers: { Location: `${opts.baseUrl}/signin?redir=${encodeURIComponent(path)}` } };
    if (!kept) return { status: 404, body: 'File not found', contentType: 'text/plain' };
    return { status: 200, body: kept.content.toString('utf8'), contentType: kept.file.mimetype };
  }

  return { share, info, download, downloads, signInPage: SIGN_IN_PAGE, clear: () => files.clear() };
}
