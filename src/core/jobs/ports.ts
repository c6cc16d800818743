/** A queue's jobs, as the job engine last counted them, for the whole deployment. */
export interface QueueCounts {
  queue: string;
  queued: number;
  active: number;
  /** Failed jobs the engine still keeps (retried or dead-lettered since). */
  failed: number;
}

/** A job that failed every try and waits for an admin's Retry. Never its payload: only who it concerns. */
export interface DeadLetter {
  id: string;
  /** The queue it failed on, and goes back to on Retry. */
  queue: string;
  deadLetteredAt: Date;
  /** Tries in all, the first included. */
  attempts: number;
  lastError: string | null;
  /** The workspace and user it concerns; null for deployment-wide work (e.g. Google revocations). */
  teamId: string | null;
  userId: string | null;
}

/** What the job engine tells and does for an admin. */
export interface JobsAdminPort {
  counts(): Promise<QueueCounts[]>;
  /** Every dead-lettered job of the deployment, newest first. */
  deadLetters(): Promise<DeadLetter[]>;
  /** Puts these dead-lettered jobs back on their queues; how many moved. */
  redrive(ids: readonly string[]): Promise<number>;
}
