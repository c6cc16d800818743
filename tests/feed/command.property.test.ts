import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFeedCommand } from '../../src/core/feed/command.js';
import { quickly, runs, userText } from '../core/properties/arbitraries.js';

describe('/calstack feed arguments', () => {
  it('reads status, on (with a channel link, id or #name) and off', () => {
    expect(parseFeedCommand('  ')).toEqual({ kind: 'status' });
    expect(parseFeedCommand('acme on')).toEqual({ kind: 'on', client: 'acme', channel: null });
    expect(parseFeedCommand('Acme Corp ON <#C0CALSTACK|general>')).toEqual({ kind: 'on', client: 'Acme Corp', channel: { id: 'C0CALSTACK' } });
    expect(parseFeedCommand('"Acme Corp" on #client-news')).toEqual({ kind: 'on', client: 'Acme Corp', channel: { name: 'client-news' } });
    expect(parseFeedCommand('acme on G0PRIVATE1')).toEqual({ kind: 'on', client: 'acme', channel: { id: 'G0PRIVATE1' } });
    expect(parseFeedCommand('acme off')).toEqual({ kind: 'off', client: 'acme' });
    // A client may be called "on": the switch is the last on/off.
    expect(parseFeedCommand('on off')).toEqual({ kind: 'off', client: 'on' });
  });

  it('refuses what it cannot read rather than guess', () => {
    expect(parseFeedCommand('acme')).toEqual({ kind: 'invalid', reason: 'usage' });
    expect(parseFeedCommand('on')).toEqual({ kind: 'invalid', reason: 'usage' });
    expect(parseFeedCommand('acme off now')).toEqual({ kind: 'invalid', reason: 'usage' });
    expect(parseFeedCommand('acme on <@U0ADMIN>')).toEqual({ kind: 'invalid', reason: 'channel' });
    expect(parseFeedCommand('acme on #general #random')).toEqual({ kind: 'invalid', reason: 'usage' });
  });

  it('for any text: never throws, and what it reads comes from the text', () => {
    fc.assert(
      fc.property(userText(), (text) => {
        const command = quickly(() => parseFeedCommand(text));
        if (command.kind === 'on' || command.kind === 'off') {
          expect(command.client).not.toBe('');
          for (const word of command.client.split(' ')) expect(text).toContain(word);
        }
        if (command.kind === 'on' && command.channel) {
          const named = 'id' in command.channel ? command.channel.id : `#${command.channel.name}`;
          expect(text).toContain(named);
          if ('id' in command.channel) expect(command.channel.id).toMatch(/^[CG][A-Z0-9]{2,20}$/);
        }
        if (command.kind === 'status') expect(text.trim() === '' || /^[\s"'\u201c\u201d\u2018\u2019]*$/.test(text)).toBe(true);
      }),
      runs(400),
    );
  });
});
