import { given } from './check-input';
import { concurrentCreates } from './concurrent-creates';

test.each([
  ['four keys of their own', ['7', '8', '9', '10'], []],
  ['a create refused among them (no key)', ['7', undefined, '9', '10'], []],
  ['two creates given the same key', ['7', '7', '9', '10'], ['concurrent-creates']],
  ['all four given one key (one finding per key)', ['7', '7', '7', '7'], ['concurrent-creates']],
  ['two pairs', ['7', '7', '9', '9'], ['concurrent-creates', 'concurrent-creates']],
] as Array<[string, Array<string | undefined>, string[]]>)('given %s, want %p', (_name, keys, want) => {
  const found = concurrentCreates({
    ...given({ status: 200, expected: 200 }),
    siblings: { keys, pointer: '/data/group/id' },
  });
  expect(found.map((v) => v.check)).toEqual(want);
});

test('a create sent alone is not judged', () => {
  expect(concurrentCreates(given({ status: 200, expected: 200 }))).toEqual([]);
});
