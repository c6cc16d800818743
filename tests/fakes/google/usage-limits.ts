// Google's Calendar API quotas, as documented: sliding per-minute windows of 10,000 requests per
// project (the OAuth client) and 600 per user per project. A request over either is refused with
// 403 `rateLimitExceeded` / `userRateLimitExceeded` (domain usageLimits). Whether Google counts the
// requests it refuses is not documented: the fake counts them, the stricter reading.

const WINDOW_MS = 60_000;

export interface UsageLimitsOptions {
  perProjectPerMinute?: number;
  perUserPerMinute?: number;
}

export const GOOGLE_PROJECT_PER_MINUTE = 10_000;
export const GOOGLE_USER_PER_MINUTE = 600;

class SlidingWindow {
  private readonly times: number[] = [];
  private head = 0;

  /** Counts a request at `now`; how many fell in the window ending at `now`, this one included. */
  count(now: number): number {
    while (this.head < this.times.length && this.times[this.head]! <= now - WINDOW_MS) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    this.times.push(now);
    return this.times.length - this.head;
  }
}

export class UsageLimits {
  private readonly projects = new Map<string, SlidingWindow>();
  private readonly users = new Map<string, SlidingWindow>();
  private readonly perProject: number;
  private readonly perUser: number;

  constructor(options: UsageLimitsOptions = {}) {
    this.perProject = options.perProjectPerMinute ?? GOOGLE_PROJECT_PER_MINUTE;
    this.perUser = options.perUserPerMinute ?? GOOGLE_USER_PER_MINUTE;
  }

  /** The reason Google would refuse this request with, or undefined when it is within quota. */
  admit(clientId: string, email: string, now = Date.now()): 'rateLimitExceeded' | 'userRateLimitExceeded' | undefined {
    const project = windowOf(this.projects, clientId).count(now);
    const user = windowOf(this.users, `${clientId}\u0000${email}`).count(now);
    if (project > this.perProject) return 'rateLimitExceeded';
    if (user > this.perUser) return 'userRateLimitExceeded';
    return undefined;
  }
}

function windowOf(map: Map<string, SlidingWindow>, key: string): SlidingWindow {
  let window = map.get(key);
  if (!window) map.set(key, (window = new SlidingWindow()));
  return window;
}
