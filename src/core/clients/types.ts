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
  /** What a calendar link to one of its events unfurls to in a channel. */
  linkPreview: LinkPreviewDetail;
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
  linkPreview: LinkPreviewDetail;
}

/**
 * An unfurl is seen by everyone in the channel, not only by the client's managers: `busy` shows
 * that the time is taken, `basic` the title and time, `full` also the client, the guests' count and
 * the video link.
 */
export const LINK_PREVIEW_DETAILS = ['busy', 'basic', 'full'] as const;
export type LinkPreviewDetail = (typeof LINK_PREVIEW_DETAILS)[number];

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
