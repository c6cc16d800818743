import type { Logger } from '../../logger.js';

/** Answers through a response_url we kept (in a modal's private_metadata); failures are logged, not thrown. */
export async function postToResponseUrl(url: string | undefined, message: Record<string, unknown>, log: Logger): Promise<void> {
  if (!url) return;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message }),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) log.warn({ status: res.status }, 'response_url refused the message');
  } catch (err) {
    log.warn({ err }, 'could not post to response_url');
  }
}
