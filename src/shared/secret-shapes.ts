// Secrets recognisable by their shape, wherever they sit in a text: the logger masks them in
// every line, and the job engine in the error it keeps with a failed job (admins read it in Slack).
const bearerPattern = /(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;
const slackTokenPattern = /xox[abposr]-[A-Za-z0-9-]{6,}|xapp-[A-Za-z0-9-]{6,}/g;
// Single-use values travel in URLs and form bodies: authorization links, OAuth `state` and
// `code`, tokens in a query or body; Google's tokens have recognisable shapes wherever they sit.
const linkPattern = /(\/oauth\/google\/start\/)[^\s"'?#&\\]+/g;
const paramPattern = /(^|[?&;\s"'])((?:state|code|code_verifier|token|access_token|refresh_token|id_token|client_secret)=)[^&\s"'\\]+/g;
const googleTokenPattern = /\bya29\.[\w.-]{10,}|\b1\/\/0[\w.-]{10,}|\b4\/0[\w-]{10,}/g;

/** `text` with every secret-shaped value replaced by `[REDACTED]`. */
export function maskSecretShapes(text: string): string {
  return text
    .replace(bearerPattern, '$1 [REDACTED]')
    .replace(slackTokenPattern, '[REDACTED]')
    .replace(linkPattern, '$1[REDACTED]')
    .replace(paramPattern, '$1$2[REDACTED]')
    .replace(googleTokenPattern, '[REDACTED]');
}
