import type { AuditEntry, Client, ClientInput, UserProfile } from './types.js';

export interface ClientStore {
  list(teamId: string, opts?: { managedBy?: string }): Promise<Client[]>;
  get(teamId: string, id: string): Promise<Client | null>;
  /** The client whose slug, or name ignoring case, is exactly `ref`. */
  findExact(teamId: string, ref: string): Promise<Client | null>;
  /** Is this name (ignoring case) or slug taken by another client of the team? */
  nameTaken(teamId: string, nameKey: string, exceptId?: string): Promise<boolean>;
  slugsLike(teamId: string, base: string): Promise<string[]>;
  create(teamId: string, input: ClientInput & { slug: string; nameKey: string; createdBy: string }, audit: AuditEntry): Promise<Client>;
  update(teamId: string, id: string, input: ClientInput & { slug: string; nameKey: string }, audit: AuditEntry): Promise<Client>;
  remove(teamId: string, id: string, audit: AuditEntry): Promise<void>;
  audit(teamId: string, opts?: { entityId?: string }): Promise<(AuditEntry & { createdAt: Date })[]>;
}

export interface UserSettingsStore {
  get(teamId: string, userId: string): Promise<{ defaultClientId: string | null }>;
  setDefaultClient(teamId: string, userId: string, clientId: string | null): Promise<void>;
}

/** The workspace's directory of people (Slack's users.info behind it). */
export interface Directory {
  profile(teamId: string, userId: string): Promise<UserProfile>;
  /** Drops what is remembered of the user: their profile just changed (a cached directory's concern). */
  forget?(teamId: string, userId: string): void;
}
