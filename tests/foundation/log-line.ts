/** A JSON line of the app's pino log: the fields these tests read, the rest left open. */
export interface LogLine {
  level: number;
  msg?: string;
  reqId?: string;
  err?: { message?: string; stack?: string };
  [field: string]: unknown;
}
