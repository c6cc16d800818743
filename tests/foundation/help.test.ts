import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp, type TestApp } from '../harness/app.js';
import { allSubcommands } from '../../src/slack/commands/index.js';
import { usageOf } from '../../src/slack/views/help.js';
import { esc } from '../../src/slack/views/mrkdwn.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../harness/node.js';
import { stringsHolding, visibleText } from '../harness/visible.js';
import { blocksOf } from '../slack/sent-blocks.js';

/** The mrkdwn of a block as sent: section and header text, and the text of a context block. */
function textsOf(block: KnownBlock): string[] {
  if (block.type === 'section' || block.type === 'header') return [block.text?.text ?? ''];
  if (block.type === 'context') return block.elements.map((e) => ('text' in e ? e.text : ''));
  return [];
}

describe('/calstack help', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('is acknowledged before its answer is delivered, and answers at response_url, ephemeral, listing every command', async () => {
    // Slack gives up after 3 s; the ack carries no content, the answer goes to response_url.
    // Slack holds the answer here: an ack that waited for it would never come.
    const release = t.slack.holdResponses();
    const responseUrl = t.slack.responseUrl();
    let response: unknown;
    try {
      const ack = await t.requests.command('help', admin, { response_url: responseUrl });
      expect(ack.status).toBe(200);
      expect(ack.body).toBe('');
      response = (await t.slack.waitForResponse((r) => r.url === responseUrl)).body;
    } finally {
      release();
    }
    expect(response).toMatchObject({ response_type: 'ephemeral' });
    const shown = visibleText(response);
    const subs = allSubcommands();
    expect(subs.length).toBeGreaterThan(0);
    for (const sub of subs) expect(shown).toContain(esc(usageOf(sub)));
  });

  it('shows placeholders such as <client> literally (escaped: Slack reads <…> as a link or mention) and as the README does', async () => {
    const { response } = await t.command('help', admin);
    const mrkdwn = blocksOf(response).flatMap(textsOf).join('\n');
    expect(mrkdwn).toContain('`/calstack client edit &lt;client&gt;`');
    expect(mrkdwn.replace(/&lt;|&gt;|&amp;/g, '')).not.toMatch(/[<>]/);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replaceAll('\\|', '|');
    for (const sub of allSubcommands()) expect(readme, usageOf(sub)).toContain(`\`${usageOf(sub)}\``);
  });

  it('names the manifest\u2019s shortcuts as Slack shows them', async () => {
    const { response } = await t.command('help', admin);
    const manifest = readFileSync(join(ROOT, 'manifest.yml'), 'utf8');
    const names = [...manifest.matchAll(/^\s+- name: (.+)$/gm)].map((m) => m[1]!.trim());
    expect(names).toEqual(['Add to calendar', 'New event']);
    const shown = visibleText(response);
    expect(shown).toContain('Shortcuts:');
    for (const name of names) expect(shown).toContain(name);
  });

  it('shows help for a bare /calstack', async () => {
    const { response } = await t.command('', admin);
    expect(visibleText(response)).toContain('/calstack help');
  });

  it('answers an unknown subcommand with help and a suggestion', async () => {
    const { response } = await t.command('hepl me', admin);
    const shown = visibleText(response);
    expect(shown).toContain('know the command `hepl`');
    expect(shown).toContain('Did you mean `/calstack help`');
    expect(shown).toContain(usageOf(allSubcommands()[0]!));
  });

  it('escapes what the user typed when echoing it back', async () => {
    const { response } = await t.command('<!channel>', admin);
    expect(stringsHolding(response, '<!channel>')).toEqual([]);
    expect(visibleText(response)).toContain('&lt;!channel&gt;');
  });

  it('tags each request with its own request id in the logs', async () => {
    await t.command('help', admin);
    const ids = new Set(t.logs.map((l) => l.reqId).filter(Boolean));
    expect(ids.size).toBeGreaterThanOrEqual(2);
  });
});
