// One Seed type for the mock and the suite: a whole number or any text, read alike by both.
import { contractSeed } from './api';

test('the suite reads a seed as the mock does: 42 and "42" are one seed, a text a fixed whole number', () => {
  expect(contractSeed(42)).toBe(42);
  expect(contractSeed('42')).toBe(42);
  const text = contractSeed('frontend');
  expect(Number.isSafeInteger(text) && text >= 0).toBe(true);
  expect(contractSeed('frontend')).toBe(text);
  expect(contractSeed('backend')).not.toBe(text);
  expect(() => contractSeed(-1)).toThrow(/whole number/);
  expect(() => contractSeed(1.5)).toThrow(/whole number/);
});
