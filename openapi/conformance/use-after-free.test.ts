import { given } from './check-input';
import { useAfterFree } from './use-after-free';

test.each([
  ['404 after the delete', 404, []],
  ['200 after the delete', 200, ['use-after-free']],
  ['no answer after the delete', undefined, ['use-after-free']],
])('given %s, want %p', (_name, status, want) => {
  const found = useAfterFree(
    given({ status: 204, expected: 204, readBack: { action: 'delete', ...(status ? { status } : {}) } }),
  );
  expect(found.map((v) => v.check)).toEqual(want);
});
