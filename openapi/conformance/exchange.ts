// The exchange a check judges: one request, what came back (or why nothing did), and how long it took. Narrow on
// purpose: the suite's sender and the mock's validating proxy both produce it, and neither owns it.

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ReceivedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text (decoded from its content coding; bytes that are not UTF-8 shown as U+FFFD). */
  bodyText: string;
  /** The body was longer than the cap and was cut there. */
  truncated: boolean;
  /** The headers arrived but the body broke off (shorter than Content-Length, connection reset, bad coding). */
  bodyError?: string;
  /** The body's bytes are not valid UTF-8. */
  notUtf8?: boolean;
  /** Bytes of body read (after decoding), at most the cap. */
  bytes?: number;
}

export interface Exchange {
  request: OutgoingRequest;
  response?: ReceivedResponse;
  /** Why no response came back: a timeout, a refused or reset connection, a reply that is not HTTP. */
  error?: { kind: 'timeout' | 'connection' | 'protocol'; message: string };
  ms: number;
}
