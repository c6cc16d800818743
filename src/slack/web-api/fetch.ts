import type { WebClientOptions } from '@slack/web-api';

type SlackFetch = NonNullable<WebClientOptions['fetch']>;
// Node's own fetch; web-api declares its own (structurally narrower) fetch types.
const nodeFetch = globalThis.fetch as unknown as SlackFetch;

/** Error codes of a request that died on its connection before any answer came. */
const STALE_CONNECTION = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);

function diedOnConnection(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } } | undefined)?.cause;
  return err instanceof TypeError && typeof cause?.code === 'string' && STALE_CONNECTION.has(cause.code);
}

const replayable = (body: unknown) => body === undefined || body === null || typeof body === 'string' || body instanceof URLSearchParams;

/**
 * `fetch` for Slack (Web API and response_url posts) that tries once more
 * when the request died on its connection without an answer: a pooled
 * keep-alive connection the server closed just as we reused it ("other side
 * closed"). Without this, an agenda computed in full was lost on such a race.
 * Only bodies that can be sent twice are retried; HTTP errors never are.
 */
export const slackFetch: SlackFetch = async (input, init) => {
  try {
    return await nodeFetch(input, init);
  } catch (err) {
    if (!diedOnConnection(err) || !replayable(init?.body)) throw err;
    return nodeFetch(input, init);
  }
};
