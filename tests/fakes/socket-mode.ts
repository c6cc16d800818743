// Plays Slack's Socket Mode: apps.connections.open hands out a WebSocket URL on
// this server; tests push envelopes through it and read the app's acks.
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { FakeSlack } from './slack.js';

export interface Ack {
  envelope_id: string;
  payload?: unknown;
}

export interface FakeSocketMode {
  url: string;
  connected(): Promise<void>;
  /** Sends a slash command envelope; resolves with the app's ack. */
  sendCommand(body: Record<string, string>): Promise<Ack>;
  close(): Promise<void>;
}

export async function startFakeSocketMode(slack: FakeSlack): Promise<FakeSocketMode> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/link`;
  slack.handle('apps.connections.open', () => ({ ok: true, url }));

  let socket: WebSocket | undefined;
  let onConnect: (() => void) | undefined;
  const acks = new Map<string, (ack: Ack) => void>();
  wss.on('connection', (ws) => {
    socket = ws;
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0CALSTACK' } }));
    ws.on('message', (data) => {
      const msg = JSON.parse(textOf(data)) as Ack;
      acks.get(msg.envelope_id)?.(msg);
    });
    onConnect?.();
  });

  return {
    url,
    connected: () =>
      socket ? Promise.resolve() : new Promise<void>((resolve) => (onConnect = resolve)),
    sendCommand(body) {
      const envelopeId = randomUUID();
      return new Promise((resolve, reject) => {
        // Bounds a broken app's silence; not a speed check.
        const timer = setTimeout(() => reject(new Error('no ack within 20 s')), 20_000);
        acks.set(envelopeId, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
        socket!.send(JSON.stringify({ envelope_id: envelopeId, type: 'slash_commands', accepts_response_payload: true, payload: body }));
      });
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** A message as ws delivers it: one Buffer, or an ArrayBuffer or fragments under other binaryTypes. */
function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}
