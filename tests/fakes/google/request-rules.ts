/** Rules matched against recorded requests: counted faults and hangs, and holds a test releases. */
import type { RequestInfo, RecordedRequest, RequestMatcher, HeldRequests } from './types.js';

function matches(matcher: RequestMatcher | undefined, req: RequestInfo): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'string') return req.path.includes(matcher);
  if (matcher instanceof RegExp) return matcher.test(req.path);
  return matcher(req);
}

export interface CountedRule {
  match?: RequestMatcher;
  remaining: number;
}

export class Hold implements HeldRequests {
  readonly held: RecordedRequest[] = [];
  mostAtOnce = 0;
  private released = false;
  private readonly gates: (() => void)[] = [];

  constructor(private readonly match: RequestMatcher | undefined) {}

  /** Resolves when `record` may be answered; at once unless this hold takes it. */
  admit(record: RecordedRequest): Promise<void> {
    if (this.released || !matches(this.match, record)) return Promise.resolve();
    this.held.push(record);
    this.mostAtOnce = Math.max(this.mostAtOnce, this.held.length);
    return new Promise((resolve) => this.gates.push(resolve));
  }

  release(): void {
    this.released = true;
    this.held.length = 0;
    this.gates.splice(0).forEach((open) => open());
  }
}

/** Finds the first rule matching `req`, consuming one of its uses. */
export function takeRule<T extends CountedRule>(rules: T[], req: RequestInfo): T | undefined {
  const index = rules.findIndex((rule) => rule.remaining > 0 && matches(rule.match, req));
  const rule = rules[index];
  if (!rule) return undefined;
  rule.remaining -= 1;
  if (rule.remaining <= 0) rules.splice(index, 1);
  return rule;
}
