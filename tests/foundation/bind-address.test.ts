// HOST chooses the interface of the public port. Linux routes all of
// 127.0.0.0/8 to the loopback interface, so a server bound to 127.0.0.1 is out
// of reach at 127.0.0.2, while one bound to every interface answers there.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, TEAM, type TestApp } from '../harness/app.js';
import { startFakeSlack } from '../fakes/slack.js';
import { startFakeSocketMode } from '../fakes/socket-mode.js';

const healthy = (host: string, port: number) =>
  fetch(`http://${host}:${port}/healthz`).then(
    (res) => res.status === 200,
    () => false,
  );

describe('bind address (HOST)', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('unset: the public port listens on every interface, as before', async () => {
    t = await startTestApp();
    expect(await healthy('127.0.0.1', t.app.port)).toBe(true);
    expect(await healthy('127.0.0.2', t.app.port)).toBe(true);
  });

  it('HTTP mode: the ingress thread listens on HOST only', async () => {
    t = await startTestApp({ env: { HOST: '127.0.0.2' } });
    expect(await healthy('127.0.0.2', t.app.port)).toBe(true);
    expect(await healthy('127.0.0.1', t.app.port)).toBe(false);
  });

  it('Socket Mode: the HTTP server listens on HOST only', async () => {
    const slack = await startFakeSlack({ teamId: TEAM });
    const socket = await startFakeSocketMode(slack);
    try {
      t = await startTestApp({ slack, env: { HOST: '127.0.0.2', SLACK_APP_TOKEN: 'xapp-1-A0CALSTACK-test' } });
      expect(await healthy('127.0.0.2', t.app.port)).toBe(true);
      expect(await healthy('127.0.0.1', t.app.port)).toBe(false);
    } finally {
      await t?.close();
      t = undefined;
      await socket.close();
      await slack.close();
    }
  });
});
