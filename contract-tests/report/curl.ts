// A failure can be replayed: the curl that sends the same request, with the key left in an environment variable,
// unless the run used the docs' sample key: that key is public, so the curl carries it and works as printed.
import type { Case } from '../cases/case';
import { DOCS_SAMPLE_KEY } from '../config';
import { UNKNOWN_KEY } from '../run/run-cases';
import type { OutgoingRequest } from '../send/sender';

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

const AUTH_HEADER: Record<Case['auth'], string | undefined> = {
  valid: '-H "Authorization: Bearer $XTRAKIT_API_KEY"',
  'scheme-lowercase': '-H "Authorization: bearer $XTRAKIT_API_KEY"',
  'scheme-uppercase': '-H "Authorization: BEARER $XTRAKIT_API_KEY"',
  lapsed: '-H "Authorization: Bearer $XTRAKIT_LAPSED_KEY"',
  none: undefined,
  'other-scheme': `-H "Authorization: Basic $(printf '%s:' "$XTRAKIT_API_KEY" | base64)"`,
  'empty-token': "-H 'Authorization: Bearer'",
  'unknown-key': `-H 'Authorization: Bearer ${UNKNOWN_KEY}'`,
};

export function toCurl(c: Case, request: OutgoingRequest): string {
  const parts = ['curl -i', `-X ${request.method}`, quote(request.url)];
  const sent = request.headers.authorization ?? '';
  const sampleKey =
    sent.includes(DOCS_SAMPLE_KEY) || sent.includes(Buffer.from(`${DOCS_SAMPLE_KEY}:`).toString('base64'));
  const auth = sampleKey ? `-H ${quote(`Authorization: ${request.headers.authorization}`)}` : AUTH_HEADER[c.auth];
  if (auth) parts.push(auth);
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === 'authorization' || name === 'accept') continue;
    parts.push(`-H ${quote(`${name}: ${value}`)}`);
  }
  if (request.body !== undefined) parts.push(`--data-raw ${quote(request.body)}`);
  return parts.join(' ');
}
