import { CoreError, NotFoundError } from '../errors.js';
import type { ClientStore, Directory, UserSettingsStore } from './ports.js';
import { resolveClient } from './resolve.js';
import type { Actor, Client } from './types.js';
import { ClientValidationError, nameKeyOf, parseClientInput, slugify } from './validation.js';

export interface ClientServiceDeps {
  store: ClientStore;
  settings: UserSettingsStore;
  directory: Directory;
  /** Users who manage every client, besides workspace admins and owners. */
  admins: readonly string[];
}

export type ClientService = ReturnType<typeof createClientService>;

/**
 * Client management use cases. Every entry point checks access here, so no
 * Slack command, button or replayed payload can skip it.
 */
export function createClientService(deps: ClientServiceDeps) {
  const { store, settings, directory } = deps;

  async function isAdmin(actor: Actor): Promise<boolean> {
    if (deps.admins.includes(actor.userId)) return true;
    return (await directory.profile(actor.teamId, actor.userId)).isAdmin;
  }

  const mayManage = (actor: Actor, client: Client, admin: boolean) => admin || client.managers.includes(actor.userId);

  // A client the actor may not see is answered exactly like one that does not exist, so no
  // name, id, suggestion or prefix tells a member which clients others manage.
  const noSuchClient = () => new NotFoundError('client_gone', {});

  const visibleTo = async (actor: Actor) => store.list(actor.teamId, (await isAdmin(actor)) ? {} : { managedBy: actor.userId });

  async function list(actor: Actor): Promise<Client[]> {
    return visibleTo(actor);
  }

  /** The client, if this actor may manage it; otherwise a user-facing error. */
  async function get(actor: Actor, id: string): Promise<Client> {
    const client = await store.get(actor.teamId, id);
    if (!client || !mayManage(actor, client, await isAdmin(actor))) throw noSuchClient();
    return client;
  }

  /** Resolves what a user typed (slug, name, quoted name or unique prefix) among the clients they manage. */
  async function resolve(actor: Actor, ref: string): Promise<Client> {
    // Most references are an exact slug or name: one indexed lookup, not the whole list.
    const exact = await store.findExact(actor.teamId, ref);
    if (exact && mayManage(actor, exact, await isAdmin(actor))) return exact;
    const found = resolveClient(ref, await visibleTo(actor));
    if (found.kind === 'ambiguous') throw new CoreError('client_ambiguous', { ref, candidates: found.candidates.map((c) => c.name) });
    if (found.kind === 'notFound') throw new NotFoundError('client_unknown', { ref: quoted(ref), suggestions: found.suggestions });
    return found.client;
  }

  async function uniqueSlug(teamId: string, name: string, keep?: Client): Promise<string> {
    const base = slugify(name);
    if (keep && keep.slug === base) return base;
    const taken = new Set(await store.slugsLike(teamId, base));
    if (keep) taken.delete(keep.slug);
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  async function create(actor: Actor, raw: unknown): Promise<Client> {
    const input = parseClientInput(raw);
    const nameKey = nameKeyOf(input.name);
    if (await store.nameTaken(actor.teamId, nameKey)) {
      throw new ClientValidationError({ name: `A client named \u201c${input.name}\u201d already exists.` });
    }
    const managers = [...new Set([actor.userId, ...input.managers])];
    const slug = await uniqueSlug(actor.teamId, input.name);
    const client = await store.create(
      actor.teamId,
      { ...input, managers, slug, nameKey, createdBy: actor.userId },
      { teamId: actor.teamId, actorId: actor.userId, action: 'client.create', entityType: 'client', entityId: '', details: { name: input.name } },
    );
    return client;
  }

  async function update(actor: Actor, id: string, raw: unknown): Promise<Client> {
    const current = await get(actor, id);
    // A form without the setting (opened before it existed) keeps the client's, not the default.
    const given = raw && typeof raw === 'object' && (raw as { linkPreview?: unknown }).linkPreview !== undefined;
    const input = parseClientInput(given ? raw : { ...(raw as object), linkPreview: current.linkPreview });
    const nameKey = nameKeyOf(input.name);
    if (await store.nameTaken(actor.teamId, nameKey, id)) {
      throw new ClientValidationError({ name: `A client named \u201c${input.name}\u201d already exists.` });
    }
    // A client always keeps at least one manager.
    const managers = input.managers.length ? [...new Set(input.managers)] : current.managers;
    const slug = await uniqueSlug(actor.teamId, input.name, current);
    const changed = (['name', 'email', 'timeZone', 'notes', 'linkPreview'] as const).filter((k) => current[k] !== input[k]);
    if (managers.join() !== current.managers.join()) changed.push('managers' as never);
    return store.update(
      actor.teamId,
      id,
      { ...input, managers, slug, nameKey },
      { teamId: actor.teamId, actorId: actor.userId, action: 'client.update', entityType: 'client', entityId: id, details: { changed } },
    );
  }

  async function remove(actor: Actor, id: string): Promise<Client> {
    const client = await get(actor, id);
    await store.remove(actor.teamId, id, {
      teamId: actor.teamId,
      actorId: actor.userId,
      action: 'client.remove',
      entityType: 'client',
      entityId: id,
      details: { name: client.name, slug: client.slug, email: client.email, timeZone: client.timeZone, managers: client.managers },
    });
    return client;
  }

  async function defaultClient(actor: Actor): Promise<Client | null> {
    const { defaultClientId } = await settings.get(actor.teamId, actor.userId);
    if (!defaultClientId) return null;
    const client = await store.get(actor.teamId, defaultClientId);
    return client && mayManage(actor, client, await isAdmin(actor)) ? client : null;
  }

  async function setDefault(actor: Actor, ref: string): Promise<Client> {
    const client = await resolve(actor, ref);
    await settings.setDefaultClient(actor.teamId, actor.userId, client.id);
    return client;
  }

  /** For flows with no Slack actor (the OAuth callback, background jobs): no access check. */
  const getInternal = (teamId: string, id: string) => store.get(teamId, id);

  return { isAdmin, list, get, getInternal, resolve, create, update, remove, defaultClient, setDefault };
}

/** What the user typed, as much of it as a reply should repeat: a reference is a short name, not a paragraph. */
function quoted(ref: string, max = 80): string {
  const chars = Array.from(ref);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}\u2026` : ref;
}
