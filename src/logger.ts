import pino, { type Logger, type DestinationStream } from 'pino';
import { maskSecretShapes } from './shared/secret-shapes.js';

export type { Logger };

// Structured keys that always hold secrets, wherever they appear.
const SECRET_KEYS = [
  'token', 'botToken', 'bot_token', 'appToken', 'app_token', 'accessToken', 'access_token',
  'refreshToken', 'refresh_token', 'id_token', 'idToken', 'client_secret', 'clientSecret',
  'signingSecret', 'signing_secret', 'secret', 'password', 'authorization', 'Authorization',
  'cookie', 'Cookie', 'set-cookie', 'code_verifier', 'codeVerifier', 'key', 'encryptionKey',
];
const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  ...['authorization', 'cookie', 'set-cookie'].flatMap((h) => [`*.headers.${h}`, `*.*.headers.${h}`, `headers.${h}`]),
];

export interface LoggerOptions {
  level: string;
  pretty?: boolean;
  /** Values that must never reach the output, whatever key or message carries them. */
  secrets?: (string | undefined)[];
  destination?: DestinationStream;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createLogger(opts: LoggerOptions): Logger {
  const secrets = (opts.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 8);
  // Second line of defence: a secret that slipped into a message or an
  // unexpected key is masked in the serialized line itself.
  const secretPattern = secrets.length ? new RegExp(secrets.map(escapeRegExp).join('|'), 'g') : undefined;
  const options: pino.LoggerOptions = {
    level: opts.level,
    base: undefined,
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    hooks: {
      streamWrite(line) {
        let out = maskSecretShapes(line);
        if (secretPattern) out = out.replace(secretPattern, '[REDACTED]');
        return out;
      },
    },
  };
  if (opts.destination) return pino(options, opts.destination);
  if (opts.pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } });
  }
  return pino(options);
}
