import type { Check, Violation } from './types';

/** The body is the envelope: `status` (the HTTP status, an integer), `message` (non-empty), `data` (an object). */
export const envelopeConformance: Check = ({ exchange, json }) => {
  const response = exchange.response;
  if (!response || response.status === 204 || !json) return [];
  const violation = (pointer: string, expected: string, received: unknown, message: string): Violation => ({
    check: 'envelope-conformance',
    severity: 'error',
    message,
    expected,
    received: received === undefined ? '(missing)' : JSON.stringify(received),
    pointer,
  });
  const body = json.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [violation('', 'an object {status, message, data}', body, 'The body is not an envelope object')];
  }
  const { status, message, data } = body as Record<string, unknown>;
  const found: Violation[] = [];
  if (!Number.isInteger(status)) {
    found.push(violation('/status', `the integer ${response.status}`, status, 'envelope.status is not an integer'));
  } else if (status !== response.status) {
    found.push(violation('/status', String(response.status), status, 'envelope.status differs from the HTTP status'));
  }
  if (typeof message !== 'string' || message.trim() === '') {
    found.push(violation('/message', 'a non-empty string', message, 'envelope.message is missing or empty'));
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    found.push(violation('/data', 'an object', data, 'envelope.data is not an object'));
  }
  return found;
};
