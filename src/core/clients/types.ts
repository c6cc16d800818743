import type { ConnectionStatus } from '../connections/types.js';

export interface Client {
  id: string;
  teamId: string;
  name: string;
  slug: string;
  email: string | null;
  timeZone: string;
  notes: string | null;
  managers: string[];
  /** Whether the client's Google account is connected. */
  google: ConnectionStatus;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClientInput {
  name: string;
  email: string | null;
  timeZone: string;
  notes: string | null;
  managers: string[];
}

/** Who is acting, as far as the application cares. */
export interface Actor {
  teamId: string;
  userId: string;
}

export interface UserProfile {
  id: string;
  timeZone: string | null;
  isAdmin: boolean;
  email: string | null;
}

export interface AuditEntry {
  teamId: string;
  actorId: string;
  action: string;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown>;
}
