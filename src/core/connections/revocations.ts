import { RevokeFailedError, type GoogleOAuth, type RevocationInput, type RevocationStore } from './ports.js';

/** What became of a revocation asked now: done, already dead at Google, or left to the retries. */
export type RevokeOutcome = 'revoked' | 'already_invalid' | 'pending';

export interface RevokerDeps {
  store: RevocationStore;
  oauth: Pick<GoogleOAuth, 'revoke'>;
  now?: () => Date;
  /** First delay before a retry; it doubles with each attempt (1, 2, 4… minutes by default). */
  baseDelayMs?: number;
  /** Attempts in all, the first included, before giving up (about 4 hours at the default delays). */
  maxAttempts?: number;
}

const MAX_DELAY_MS = 2 * 3_600_000;
/** How long a claimed revocation is left to the process that claimed it. */
const LEASE_MS = 5 * 60_000;
const BATCH = 20;

export type Revoker = ReturnType<typeof createRevoker>;

/**
 * Revokes grants we no longer use. A revocation Google does not confirm is stored and retried
 * with backoff (bounded), so neither a Google outage nor a restart leaves a live grant behind
 * unnoticed; every outcome is recorded.
 */
export function createRevoker(deps: RevokerDeps) {
  const now = deps.now ?? (() => new Date());
  const base = deps.baseDelayMs ?? 60_000;
  const maxAttempts = deps.maxAttempts ?? 8;
  const retryAt = (attempts: number) => new Date(now().getTime() + Math.min(base * 2 ** (attempts - 1), MAX_DELAY_MS));

  async function attempt(token: string): Promise<{ done: 'revoked' | 'already_invalid' } | { error: string }> {
    try {
      return { done: (await deps.oauth.revoke(token)) === 'revoked' ? 'revoked' : 'already_invalid' };
    } catch (err) {
      // Never the error itself: the revoke URL and body carry the token.
      return { error: err instanceof RevokeFailedError ? err.reason : 'unexpected error' };
    }
  }

  /** Tries once now; if Google does not confirm, the revocation is stored for the retries. */
  async function revoke(grant: RevocationInput): Promise<RevokeOutcome> {
    const result = await attempt(grant.token);
    if ('done' in result) {
      await deps.store.add({ ...grant, status: result.done, attempts: 1, nextAttemptAt: null });
      return result.done;
    }
    await deps.store.add({ ...grant, status: 'pending', attempts: 1, nextAttemptAt: retryAt(1), lastError: result.error });
    return 'pending';
  }

  /** Stores the revocation, due now, for the next pass: for callers that cannot wait on Google. */
  async function later(grant: RevocationInput): Promise<void> {
    await deps.store.add({ ...grant, status: 'pending', attempts: 0, nextAttemptAt: now() });
  }

  /** One pass over the revocations due; returns how many were tried. */
  async function retryDue(): Promise<number> {
    const due = await deps.store.claimDue(now(), new Date(now().getTime() + LEASE_MS), BATCH);
    for (const pending of due) {
      const result = await attempt(pending.token);
      const attempts = pending.attempts + 1;
      if ('done' in result) await deps.store.record(pending.id, { status: result.done, attempts, nextAttemptAt: null });
      else if (attempts >= maxAttempts) await deps.store.record(pending.id, { status: 'gave_up', attempts, nextAttemptAt: null, lastError: result.error });
      else await deps.store.record(pending.id, { status: 'pending', attempts, nextAttemptAt: retryAt(attempts), lastError: result.error });
    }
    return due.length;
  }

  return { revoke, later, retryDue };
}
