import { describe, expect, it } from 'vitest';
import { BadRequest, classify, isSslCheck } from '../../src/slack/ingress/parse.js';
import { signatureProblem } from '../../src/slack/ingress/verify.js';
import { signature } from '../harness/slack-requests.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = 1531420618;
const BODY = 'command=%2Fcalstack&text=help';

describe('ingress: signature verification', () => {
  const cases: [string, { signature?: string; timestamp?: string }, string | undefined][] = [
    ['authentic', { signature: signature(SECRET, NOW, BODY), timestamp: String(NOW) }, undefined],
    ['4 minutes old', { signature: signature(SECRET, NOW - 240, BODY), timestamp: String(NOW - 240) }, undefined],
    ['6 minutes old', { signature: signature(SECRET, NOW - 360, BODY), timestamp: String(NOW - 360) }, 'stale timestamp'],
    ['6 minutes in the future', { signature: signature(SECRET, NOW + 360, BODY), timestamp: String(NOW + 360) }, 'stale timestamp'],
    ['no signature', { timestamp: String(NOW) }, 'missing signature headers'],
    ['no timestamp', { signature: signature(SECRET, NOW, BODY) }, 'missing signature headers'],
    ['timestamp not a number', { signature: signature(SECRET, NOW, BODY), timestamp: 'soon' }, 'malformed timestamp'],
    ['other secret', { signature: signature('another-secret', NOW, BODY), timestamp: String(NOW) }, 'signature mismatch'],
    ['timestamp swapped after signing', { signature: signature(SECRET, NOW, BODY), timestamp: String(NOW + 1) }, 'signature mismatch'],
    ['truncated signature', { signature: signature(SECRET, NOW, BODY).slice(0, 20), timestamp: String(NOW) }, 'signature mismatch'],
    ['v1 scheme', { signature: signature(SECRET, NOW, BODY).replace('v0=', 'v1='), timestamp: String(NOW) }, 'signature mismatch'],
  ];
  for (const [name, headers, expected] of cases) {
    it(`${name} → ${expected ?? 'accepted'}`, () => {
      expect(signatureProblem(SECRET, BODY, { signature: headers.signature, timestamp: headers.timestamp }, NOW)).toBe(expected);
    });
  }

  it('a body changed after signing is refused', () => {
    const sig = signature(SECRET, NOW, BODY);
    expect(signatureProblem(SECRET, `${BODY}&x=1`, { signature: sig, timestamp: String(NOW) }, NOW)).toBe('signature mismatch');
  });
});

describe('ingress: what waits for the app and what is acknowledged at once', () => {
  const form = 'application/x-www-form-urlencoded';
  const payload = (p: object) => new URLSearchParams({ payload: JSON.stringify(p) }).toString();

  it('acknowledges slash commands at once, with the form as the body', () => {
    expect(classify(BODY, form)).toEqual({ kind: 'ack_now', body: { command: '/calstack', text: 'help' } });
    expect(classify(BODY, `${form}; charset=utf-8`).kind).toBe('ack_now');
  });

  it.each(['block_actions', 'view_closed', 'shortcut', 'message_action'])('acknowledges %s at once', (type) => {
    expect(classify(payload({ type, user: { id: 'U1' } }), form)).toEqual({ kind: 'ack_now', body: { type, user: { id: 'U1' } } });
  });

  it.each(['view_submission', 'block_suggestion'])('waits for the app to answer %s', (type) => {
    expect(classify(payload({ type }), form)).toEqual({ kind: 'answer', body: { type } });
  });

  it('acknowledges Events API callbacks at once and answers the URL challenge itself', () => {
    expect(classify(JSON.stringify({ type: 'event_callback', event: { type: 'app_home_opened' } }), 'application/json').kind).toBe('ack_now');
    expect(classify(JSON.stringify({ type: 'url_verification', challenge: 'c-123' }), 'application/json')).toEqual({
      kind: 'url_verification',
      challenge: 'c-123',
    });
  });

  it('recognises the SSL check', () => {
    expect(isSslCheck('ssl_check=1&token=x', form)).toBe(true);
    expect(isSslCheck('ssl_check=1&token=x', `${form}; charset=utf-8`)).toBe(true);
    expect(isSslCheck('ssl_check=1', 'application/json')).toBe(false);
    expect(isSslCheck(BODY, form)).toBe(false);
  });

  it.each([
    ['broken JSON', '{"type":', 'application/json'],
    ['a JSON array', '[1,2]', 'application/json'],
    ['broken payload JSON', 'payload=%7B', form],
    ['a JSON string', '"hello"', 'application/json'],
  ])('refuses %s', (_name, raw, type) => {
    expect(() => classify(raw, type)).toThrow(BadRequest);
  });
});
