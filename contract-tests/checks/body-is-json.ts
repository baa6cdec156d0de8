import type { Check } from './types';

/** Every answer but 204 has a complete body that parses as JSON. */
export const bodyIsJson: Check = ({ exchange, json }) => {
  const response = exchange.response;
  if (!response || response.status === 204) return [];
  if (response.bodyError) {
    return [
      {
        check: 'body-is-json',
        severity: 'error',
        message: `The body broke off after ${response.bodyText.length} bytes: ${response.bodyError}`,
        expected: 'a complete JSON body',
        received: response.bodyText.slice(0, 80) || '(nothing)',
        pointer: '',
      },
    ];
  }
  if (response.truncated) {
    return [
      {
        check: 'body-is-json',
        severity: 'error',
        message: `The body is larger than the suite reads (cut at ${response.bodyText.length} bytes)`,
        expected: 'a JSON envelope of reasonable size',
        received: `more than ${response.bodyText.length} bytes`,
        pointer: '',
      },
    ];
  }
  if (json) return [];
  const preview = response.bodyText.length > 80 ? `${response.bodyText.slice(0, 80)}…` : response.bodyText;
  return [
    {
      check: 'body-is-json',
      severity: 'error',
      message: 'The body does not parse as JSON',
      expected: 'a JSON body',
      received: preview === '' ? '(empty body)' : preview,
      pointer: '',
    },
  ];
};
