import type { Check, Violation } from './types';

const PREVIEW = 80;
const preview = (text: string) => (text.length > PREVIEW ? `${text.slice(0, PREVIEW)}…` : text);

/**
 * Every answer but 204 has a complete body in UTF-8 that parses as JSON, strictly: no name twice in one object,
 * no number too large for a double, no nesting deeper than 64 levels (see openapi/strict-json.ts).
 */
export const bodyIsJson: Check = ({ exchange, json, jsonProblem }) => {
  const response = exchange.response;
  if (!response || response.status === 204) return [];
  const violation = (message: string, expected: string, received: string, pointer = ''): Violation[] => [
    { check: 'body-is-json', severity: 'error', message, expected, received, pointer },
  ];
  const bytes = response.bytes ?? response.bodyText.length;
  if (response.bodyError) {
    return violation(
      `The body broke off after ${bytes} bytes: ${response.bodyError}`,
      'a complete JSON body',
      preview(response.bodyText) || '(nothing)',
    );
  }
  if (response.truncated) {
    return violation(
      `The body is larger than the suite reads (cut at ${bytes} bytes)`,
      'a JSON envelope of reasonable size',
      `more than ${bytes} bytes`,
    );
  }
  if (response.notUtf8) {
    return violation(
      'The body is not valid UTF-8 (JSON exchanged between systems must be UTF-8: RFC 8259 §8.1)',
      'a body in UTF-8',
      preview(response.bodyText),
    );
  }
  if (jsonProblem) {
    return violation(
      `The body cannot be read as JSON: ${jsonProblem.problem}`,
      'a JSON body every reader reads the same way',
      preview(response.bodyText) || '(empty body)',
      jsonProblem.pointer,
    );
  }
  if (json) return [];
  return violation('The body does not parse as JSON', 'a JSON body', preview(response.bodyText) || '(empty body)');
};
