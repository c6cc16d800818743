import type { EventInput } from '../calendars/ports.js';
import type { BulkItemRecord, BulkJobRecord, NewBulkJob } from './types.js';
import type { BulkRequest } from './requests.js';

/** Where bulk jobs live. Every call is scoped to a team; items belong to their job's team. */
export interface BulkJobStore {
  create(job: NewBulkJob): Promise<BulkJobRecord>;
  get(teamId: string, id: string): Promise<BulkJobRecord | null>;
  /** The DM message showing the job's progress. */
  setMessage(teamId: string, id: string, message: { channel: string; ts: string }): Promise<void>;
  /** Marks the job cancelled (keeps the first time) and sets every item back to pending. */
  markCancelled(teamId: string, id: string, at: Date): Promise<void>;
  /**
   * Starts a move of a job that isn't cancelled: stores the new `input` and the time, and sets
   * every item that has an event back to pending (items that never got one keep their state).
   */
  startMove(teamId: string, id: string, input: EventInput, at: Date): Promise<void>;
  /** This user's jobs (newest first, at most `limit`) that made any of these Google event ids. */
  findByEvents(teamId: string, userId: string, eventIds: string[], limit: number): Promise<BulkJobRecord[]>;
  /** Sets these items back to pending, keeping their calendar and event. */
  reset(teamId: string, id: string, clientIds: string[]): Promise<void>;
  saveItem(teamId: string, jobId: string, clientId: string, patch: Partial<Omit<BulkItemRecord, 'clientId' | 'updatedAt'>>): Promise<void>;
}

/**
 * Where bulk changes wait their turn: durable, one change of a job at a time across every
 * process, in the order they were asked for, and run again elsewhere when a process dies.
 */
export interface BulkRunQueue {
  enqueue(request: BulkRequest): Promise<void>;
}
