import type { WebClient } from '@slack/web-api';
import { CoreError } from '../../core/errors.js';
import type { ImportFiles, SharedFile } from '../../core/imports/run-types.js';
import { sizeProblem } from '../../core/imports/parse.js';

const refuse = (reason: string) => new CoreError('invalid_input', { reason });

interface SlackFile {
  id?: string;
  name?: string;
  title?: string;
  filetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
}

/**
 * Files people share with the app, read with the bot token (scope `files:read`): `files.info` for
 * what Slack knows of one, then its private download URL with the token as a Bearer header. Slack
 * answers a request it does not accept with its sign-in page (HTML, after a redirect), not an
 * error status: anything but the file's own bytes is refused, and a file larger than the limit
 * is refused from its size before any of it is read (and again while reading, should Slack's size
 * be wrong).
 */
export function slackImportFiles(client: WebClient, token: string, fetchFn: typeof fetch = fetch): ImportFiles {
  async function info(fileId: string): Promise<SlackFile> {
    try {
      const answer = await client.files.info({ file: fileId });
      return (answer.file ?? {});
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      if (code === 'file_not_found' || code === 'file_deleted') throw refuse('That file is no longer in Slack: upload it again.');
      if (code === 'missing_scope') throw refuse('Calendar Stacker may not read files in this workspace (it needs the files:read permission): ask an admin to reinstall the app.');
      throw err;
    }
  }

  return {
    async describe(_teamId, fileId): Promise<SharedFile> {
      const file = await info(fileId);
      return { id: file.id ?? fileId, name: file.name ?? file.title ?? 'file', filetype: file.filetype ?? null, size: file.size ?? 0 };
    },
    async read(_teamId, fileId, maxBytes) {
      const file = await info(fileId);
      const tooBig = sizeProblem(file.size ?? 0);
      if (tooBig && (file.size ?? 0) > maxBytes) throw refuse(tooBig);
      const url = file.url_private_download ?? file.url_private;
      if (!url) throw refuse('Slack gave no way to download that file: upload it again.');
      const res = await fetchFn(url, { headers: { Authorization: `Bearer ${token}` } });
      if (!res.ok || /text\/html/i.test(res.headers.get('content-type') ?? '')) {
        await res.body?.cancel();
        throw refuse('Slack did not let Calendar Stacker download that file (it needs the files:read permission): ask an admin to reinstall the app, then upload the file again.');
      }
      return decode(res, maxBytes);
    },
  };
}

/** The body as UTF-8 text, stopping as soon as it grows past `maxBytes`. */
async function decode(res: Response, maxBytes: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      throw refuse(sizeProblem(bytes) ?? 'The file is too large.');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
