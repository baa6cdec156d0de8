import type { Check } from './types';

/**
 * A 401 names its scheme in WWW-Authenticate (RFC 9110 §11.6.1, RFC 6750 §3). Advisory: the contract
 * declares the header, but XtraKit's own docs never mention it, so its absence is reported as a warning
 * and does not fail the case.
 */
export const wwwAuthenticatePresent: Check = ({ exchange }) => {
  const response = exchange.response;
  if (response?.status !== 401) return [];
  const header = response.headers['www-authenticate'];
  if (header && /bearer/i.test(header)) return [];
  return [
    {
      check: 'www-authenticate-present',
      severity: 'warning',
      message: 'A 401 without a WWW-Authenticate: Bearer challenge',
      expected: 'WWW-Authenticate: Bearer …',
      received: header ?? '(none)',
      pointer: 'header:www-authenticate',
    },
  ];
};
