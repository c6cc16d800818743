import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, TEAM, type TestApp } from '../harness/app.js';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google.js';
import { submitClientForm } from '../harness/client-form.js';
import { connectClient } from './helpers.js';
import { ROOT, TSX_IMPORT } from '../harness/node.js';
import { keyFromBase64, SecretBox, DecryptError } from '../../src/db/crypto.js';
import { connectionRepository } from '../../src/db/repositories/connections.js';
import { loadSecretBox, KEY_FILE } from '../../src/db/keys.js';
import { visibleText } from '../harness/visible.js';
import { buttonById } from '../slack/sent-blocks.js';

const run = promisify(execFile);
const operator = { teamId: TEAM, userId: 'U0OPERATOR' };
const colleague = { teamId: TEAM, userId: 'U0COLLEAGUE' };

describe('tokens at rest and in use', () => {
  let t: TestApp;
  let google: FakeGoogle;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    google = await startFakeGoogle();
    t = await startTestApp({ google, env: { CALENDAR_CACHE_SECONDS: '0' } });
    t.slack.addUser({ id: admin.userId, team_id: TEAM, is_admin: true, tz: 'UTC' });
    t.slack.addUser({ id: operator.userId, team_id: TEAM, tz: 'UTC' });
    t.slack.addUser({ id: colleague.userId, team_id: TEAM, tz: 'UTC' });
    for (const [name, email] of [['Acme', 'ceo@acme.com'], ['Globex', 'boss@globex.com']] as const) {
      google.addAccount({ email });
      await submitClientForm(t, operator, { name, timeZone: 'UTC', managers: [operator.userId, colleague.userId] });
      ids[name] = (await t.app.db.prisma.client.findFirstOrThrow({ where: { name } })).id;
      await connectClient(t, google, operator, name.toLowerCase(), email);
    }
  });
  afterAll(async () => {
    await t?.close();
    await google?.close();
  });

  const box = () => new SecretBox(keyFromBase64(t.env.TOKEN_ENCRYPTION_KEY!));

  it('no token or client secret appears in plaintext in any table, and a ciphertext moved to another row fails', async () => {
    // An own OAuth app adds a client secret to the tables.
    const ownSecret = `GOCSPX-own-${randomBytes(8).toString('hex')}`;
    await t.requests.viewSubmission(operator, {
      id: 'V1', callback_id: 'client_google', private_metadata: JSON.stringify({ clientId: ids.Globex }),
      state: { values: { google_client_id: { value: { value: 'own.apps.googleusercontent.com' } }, google_secret: { value: { value: ownSecret } }, google_access: { value: { selected_option: { value: 'events' } } } } },
    });
    const repo = connectionRepository(t.app.db.prisma, box());
    const acme = (await repo.get(TEAM, ids.Acme!))!;
    const secrets = [acme.accessToken, acme.refreshToken, ownSecret, t.config.google.clientSecret];
    expect(acme.accessToken.length).toBeGreaterThan(10);
    const tables = ['GoogleConnection', 'GoogleOAuthApp', 'OAuthLink', 'OAuthState', 'AuditLog', 'Client'];
    const dump = JSON.stringify(await Promise.all(tables.map((tb) => t.app.db.prisma.$queryRawUnsafe(`SELECT * FROM "${tb}"`))));
    expect(dump).toContain('ceo@acme.com');
    for (const secret of secrets) expect(dump).not.toContain(secret);
    expect((await repo.getOwnApp(TEAM, ids.Globex!))!.clientSecret).toBe(ownSecret);

    // Copy Acme's encrypted access token onto Globex's row: it must not decrypt there.
    const raw = await t.app.db.prisma.googleConnection.findUniqueOrThrow({ where: { clientId: ids.Acme! } });
    const globexRaw = await t.app.db.prisma.googleConnection.findUniqueOrThrow({ where: { clientId: ids.Globex! } });
    await t.app.db.prisma.googleConnection.update({ where: { clientId: ids.Globex! }, data: { accessToken: raw.accessToken } });
    await expect(repo.get(TEAM, ids.Globex!)).rejects.toThrow(DecryptError);
    await t.app.db.prisma.googleConnection.update({ where: { clientId: ids.Globex! }, data: { accessToken: globexRaw.accessToken } });
    expect((await repo.get(TEAM, ids.Globex!))!.googleEmail).toBe('boss@globex.com');
  });

  it('50 concurrent reads with an expired access token make exactly one refresh, stored before use', async () => {
    await t.app.db.prisma.googleConnection.update({ where: { clientId: ids.Acme! }, data: { expiresAt: new Date(Date.now() - 1000) } });
    google.expireAccessTokens('ceo@acme.com');
    const refreshesBefore = google.refreshCount();
    const listsBefore = google.requestsTo('calendarList').length;
    const answers = await Promise.all(Array.from({ length: 50 }, () => t.command('calendars acme', operator)));
    for (const { response } of answers) expect(visibleText(response)).toContain('Acme\u2019s calendars');
    expect(google.refreshCount() - refreshesBefore).toBe(1);
    expect(google.requestsTo('calendarList').length - listsBefore).toBe(50);
    const row = await t.app.db.prisma.googleConnection.findUniqueOrThrow({ where: { clientId: ids.Acme! } });
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
  });

  it('invalid_grant: "needs reconnect", one DM per manager, clear answers; reconnecting heals it', async () => {
    google.revokeAccount('ceo@acme.com');
    const since = t.slack.calls.length;
    const answers = await Promise.all(Array.from({ length: 5 }, () => t.command('calendars acme', operator)));
    for (const { response } of answers) {
      expect(visibleText(response)).toContain('no longer accepts Acme\u2019s connection');
      expect(visibleText(response)).toContain('/calstack connect acme');
    }
    const row = await t.app.db.prisma.googleConnection.findUniqueOrThrow({ where: { clientId: ids.Acme! } });
    expect(row.status).toBe('needs_reconnect');
    // A command that marks the connection sends the managers' DMs before it answers: with all 5 answers in, every DM is out.
    const dms = () => t.slack.calls.slice(since).filter((c) => c.method === 'chat.postMessage' && visibleText(c.args).includes('Reconnect'));
    expect(dms().map((c) => c.args.channel).sort()).toEqual([colleague.userId, operator.userId].sort());
    // Later commands keep answering clearly without new DMs.
    const later = await t.command('calendars acme', operator);
    expect(visibleText(later.response)).toContain('Reconnect it with');
    expect(dms()).toHaveLength(2);
    const list = await t.command('clients', operator);
    expect(visibleText(list.response)).toContain('Google: needs reconnect');

    // The Reconnect button sends a new link; completing it heals the connection.
    const linkSince = t.slack.calls.length;
    await t.requests.blockAction(operator, { type: 'button', action_id: 'client_connect', value: ids.Acme });
    const dm = await t.slack.waitForCall('chat.postMessage', (c) => t.slack.calls.indexOf(c) >= linkSince && visibleText(c.args).includes('Authorize Google Calendar'));
    const url = buttonById(dm.args, 'authorize_link').url!;
    google.nextConsent('ceo@acme.com');
    const start = await fetch(url, { redirect: 'manual' });
    const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    expect((await fetch(consent.headers.get('location')!)).status).toBe(200);
    expect((await t.app.db.prisma.googleConnection.findUniqueOrThrow({ where: { clientId: ids.Acme! } })).status).toBe('connected');
    expect(visibleText((await t.command('calendars acme', operator)).response)).toContain('Acme\u2019s calendars');
  });

  it('a client with its own OAuth app uses its own client id at every step', async () => {
    google.addOAuthClient({ clientId: 'own.apps.googleusercontent.com', clientSecret: (await connectionRepository(t.app.db.prisma, box()).getOwnApp(TEAM, ids.Globex!))!.clientSecret });
    const authBefore = google.authRequests.length;
    const tokenBefore = google.tokenRequests.length;
    await connectClient(t, google, operator, 'globex', 'boss@globex.com');
    expect(google.authRequests.slice(authBefore).map((r) => r.query.client_id)).toEqual(['own.apps.googleusercontent.com']);
    await t.app.db.prisma.googleConnection.update({ where: { clientId: ids.Globex! }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(visibleText((await t.command('calendars globex', operator)).response)).toContain('Globex\u2019s calendars');
    const used = google.tokenRequests.slice(tokenBefore);
    expect(used.map((r) => r.grant_type)).toEqual(['authorization_code', 'refresh_token']);
    expect(used.every((r) => r.clientId === 'own.apps.googleusercontent.com')).toBe(true);
  });

  it('key rotation: data sealed under the old key is readable afterwards and re-sealed under the new key', async () => {
    const oldKey = t.env.TOKEN_ENCRYPTION_KEY!;
    const newKey = randomBytes(32).toString('base64');
    const before = await connectionRepository(t.app.db.prisma, box()).get(TEAM, ids.Acme!);
    await t.stopApp();
    const { stdout } = await run(process.execPath, [...TSX_IMPORT, join(ROOT, 'src/db/cli/rotate-keys.ts')], {
      cwd: t.db.dataDir,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: t.db.dataDir, TOKEN_ENCRYPTION_KEY: newKey, TOKEN_ENCRYPTION_OLD_KEYS: oldKey, ...(t.db.url ? { DATABASE_URL: t.db.url } : {}) },
    });
    expect(stdout).toMatch(/Re-encrypted [1-9]\d* of \d+ stored secrets/);
    // Restart with only the new key: everything still decrypts.
    await t.restart({ TOKEN_ENCRYPTION_KEY: newKey, TOKEN_ENCRYPTION_OLD_KEYS: undefined });
    const newId = keyFromBase64(newKey).id;
    for (const row of await t.app.db.prisma.googleConnection.findMany()) {
      expect(row.accessToken.split('.')[1]).toBe(newId);
      expect(row.refreshToken.split('.')[1]).toBe(newId);
    }
    for (const row of await t.app.db.prisma.googleOAuthApp.findMany()) expect(row.clientSecret.split('.')[1]).toBe(newId);
    const after = await connectionRepository(t.app.db.prisma, new SecretBox(keyFromBase64(newKey))).get(TEAM, ids.Acme!);
    expect(after!.refreshToken).toBe(before!.refreshToken);
    expect(visibleText((await t.command('calendars acme', operator)).response)).toContain('Acme\u2019s calendars');
  });
});

describe('the embedded database\u2019s generated key', () => {
  it('is created once in DATA_DIR with mode 0600 and a warning, then reused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'calstack-key-'));
    try {
      const warnings: unknown[] = [];
      const log = { warn: (...a: unknown[]) => warnings.push(a) } as never;
      const first = await loadSecretBox({ key: undefined, oldKeys: [] }, dir, log);
      const file = join(dir, KEY_FILE);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')).toHaveLength(32);
      expect(warnings).toHaveLength(1);
      const second = await loadSecretBox({ key: undefined, oldKeys: [] }, dir, log);
      expect(second.current.id).toBe(first.current.id);
      expect(warnings).toHaveLength(1);
      const sealed = first.seal('secret', 'ctx');
      expect(second.open(sealed, 'ctx')).toBe('secret');
      expect(() => second.open(sealed, 'other-ctx')).toThrow(DecryptError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
