import type { BulkItemRecord, BulkJobRecord, NewBulkJob } from './types.js';

/** Where bulk jobs live. Every call is scoped to a team; items belong to their job's team. */
export interface BulkJobStore {
  create(job: NewBulkJob): Promise<BulkJobRecord>;
  get(teamId: string, id: string): Promise<BulkJobRecord | null>;
  /** The DM message showing the job's progress. */
  setMessage(teamId: string, id: string, message: { channel: string; ts: string }): Promise<void>;
  /** Marks the job cancelled (keeps the first time) and sets every item back to pending. */
  markCancelled(teamId: string, id: string, at: Date): Promise<void>;
  /** Sets these items back to pending, keeping their calendar and event. */
  reset(teamId: string, id: string, clientIds: string[]): Promise<void>;
  saveItem(teamId: string, jobId: string, clientId: string, patch: Partial<Omit<BulkItemRecord, 'clientId' | 'updatedAt'>>): Promise<void>;
}
