import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, TEAM, type TestApp } from '../harness/app.js';
import { submitClientForm } from '../harness/client-form.js';
import { visibleText } from '../harness/visible.js';
import { resolveClient } from '../../src/core/clients/resolve.js';
import { splitArgs } from '../../src/core/text/args.js';

describe('naming a client in a command', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    t.slack.addUser({ id: admin.userId, team_id: TEAM, is_admin: true });
    for (const name of ['Acme Corp', 'Acme Labs', 'Globex', 'Initech Holdings']) {
      const res = await submitClientForm(t, admin, { name, timeZone: 'UTC' });
      expect(res.body).toBe('');
    }
  });
  afterAll(async () => t?.close());

  const use = async (ref: string) => visibleText((await t.command(`use ${ref}`, admin)).response);

  it('by slug', async () => {
    expect(await use('acme-labs')).toContain('*Acme Labs* is now your default client');
  });
  it('by quoted name, any case (straight or curly quotes)', async () => {
    expect(await use('"acme corp"')).toContain('*Acme Corp* is now your default client');
    expect(await use('\u201cACME LABS\u201d')).toContain('*Acme Labs* is now your default client');
  });
  it('by a unique prefix', async () => {
    expect(await use('glo')).toContain('*Globex* is now your default client');
    expect(await use('Initech')).toContain('*Initech Holdings* is now your default client');
  });
  it('ambiguous: lists the candidates', async () => {
    const out = await use('acme');
    expect(out).toContain('matches 2 clients: Acme Corp, Acme Labs');
  });
  it('not found: repeats a long reference only in part', async () => {
    const typed = `${'Zork '.repeat(60)}\u{1F600}`;
    const { response } = await t.command(`use "${typed}"`, admin);
    const quoted = /couldn\u2019t find a client called "([^"]*)"/.exec(response.text!)![1]!;
    expect(Array.from(quoted)).toHaveLength(80);
    expect(quoted).toBe(`${Array.from(typed).slice(0, 79).join('')}\u2026`);
  });
  it('not found: suggests the closest names', async () => {
    const out = await use('Glbex');
    expect(out).toContain('couldn\u2019t find a client called "Glbex"');
    expect(out).toContain('Did you mean "Globex"');
  });
  it('shows the current default when named nothing, and the Home tab shows it', async () => {
    await use('globex');
    expect(visibleText((await t.command('use', admin)).response)).toContain('Your default client is *Globex*');
    const since = t.slack.calls.length;
    await t.requests.event(TEAM, { type: 'app_home_opened', user: admin.userId, channel: 'D1', tab: 'home', event_ts: '1.1' });
    const home = await t.slack.waitForCall('views.publish', (c) => t.slack.calls.indexOf(c) >= since);
    expect(visibleText(home.args.view)).toContain('Default client: *Globex*');
  });

  it('splits quoted arguments and resolves purely', () => {
    expect(splitArgs('edit "Acme Corp" now')).toEqual(['edit', 'Acme Corp', 'now']);
    expect(splitArgs('\u201cA B\u201d c')).toEqual(['A B', 'c']);
    const clients = [{ slug: 'abc', name: 'Abc' }, { slug: 'abd', name: 'Abd' }] as never[];
    expect(resolveClient('ab', clients).kind).toBe('ambiguous');
    expect(resolveClient('abc', clients).kind).toBe('found');
    expect(resolveClient('', clients).kind).toBe('notFound');
  });
});
