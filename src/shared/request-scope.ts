import { AsyncLocalStorage } from 'node:async_hooks';

// The Slack request whose work is running, for code that is handed no logger:
// the process-level handlers of src/process-errors.ts, which Node calls in the
// async context of the failure.
const scope = new AsyncLocalStorage<{ reqId: string }>();

export const inRequest = <T>(reqId: string, work: () => T): T => scope.run({ reqId }, work);

export const currentRequestId = (): string | undefined => scope.getStore()?.reqId;
