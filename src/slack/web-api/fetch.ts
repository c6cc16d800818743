import type { WebClientOptions } from '@slack/web-api';
import type { Metrics } from '../../core/metrics.js';

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

/** A Web API method name in a request's path (chat.postMessage), bounded to that shape. */
const methodOf = (input: Parameters<SlackFetch>[0]): string => {
  const path = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : (input as { url: string }).url).pathname;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return /^[a-z]+(\.[a-zA-Z]+){1,3}$/.test(last) ? last : 'other';
};

/**
 * `fetch` that counts every Web API call by method and outcome (ok, error: Slack's `ok: false`,
 * rate_limited, http_error, network) and the Retry-After seconds Slack asks for; the Web API
 * client then waits them itself. Reads a copy of the body, never the caller's.
 */
export function measuredSlackFetch(metrics: Pick<Metrics, 'slackApiCalls' | 'slackRateLimited' | 'slackRetryAfterSeconds'>, inner: SlackFetch = slackFetch): SlackFetch {
  return async (input, init) => {
    const method = methodOf(input);
    let res: Awaited<ReturnType<SlackFetch>>;
    try {
      res = await inner(input, init);
    } catch (err) {
      metrics.slackApiCalls.inc({ method, outcome: 'network' });
      throw err;
    }
    if (res.status === 429) {
      metrics.slackApiCalls.inc({ method, outcome: 'rate_limited' });
      metrics.slackRateLimited.inc({ method });
      const wait = Number(res.headers.get('retry-after'));
      if (Number.isFinite(wait) && wait > 0) metrics.slackRetryAfterSeconds.inc({ method }, wait);
    } else if (!res.ok) {
      metrics.slackApiCalls.inc({ method, outcome: 'http_error' });
    } else {
      const body = (await (res as unknown as Response).clone().json().catch(() => undefined)) as { ok?: unknown } | undefined;
      metrics.slackApiCalls.inc({ method, outcome: body?.ok === true ? 'ok' : 'error' });
    }
    return res;
  };
}
