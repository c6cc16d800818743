// The baseline for ack latency: a Bolt app that only acknowledges /calstack, nothing else.
// Same receiver as the real app (HTTPReceiver, processBeforeResponse false, the same signing
// secret), served from a plain node:http server on 127.0.0.1 as the app serves its
// requestListener. Run as its own process by the benchmark:
//   PORT=… SLACK_SIGNING_SECRET=… SLACK_API_URL=… node --import tsx bench/trivial-bolt.ts
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

export async function startTrivialBolt(signingSecret: string, port: number, slackApiUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', processBeforeResponse: false });
  const app = new App({
    token: 'xoxb-trivial-bolt',
    // Known bot ids: Bolt skips its lazy auth.test, so the baseline makes no Web API call at all.
    botId: 'B0TRIVIAL',
    botUserId: 'U0TRIVIAL',
    receiver,
    logLevel: LogLevel.ERROR,
    tokenVerificationEnabled: false,
    // Never slack.com: should Bolt call the Web API anyway, it reaches the fake Slack on 127.0.0.1.
    clientOptions: { slackApiUrl },
  });
  app.command('/calstack', async ({ ack }) => {
    await ack();
  });
  const server: Server = createServer((req, res) => {
    if (req.url === '/readyz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
      return;
    }
    receiver.requestListener(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const secret = process.env.SLACK_SIGNING_SECRET;
  const port = Number(process.env.PORT);
  const apiUrl = process.env.SLACK_API_URL;
  if (!secret || !apiUrl || !Number.isInteger(port) || port <= 0) {
    console.error('trivial-bolt: set SLACK_SIGNING_SECRET, SLACK_API_URL and PORT');
    process.exit(2);
  }
  const running = await startTrivialBolt(secret, port, apiUrl);
  console.log(JSON.stringify({ msg: 'trivial bolt app ready', url: running.url }));
  const stop = () => void running.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
