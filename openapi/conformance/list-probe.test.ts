import { given } from './check-input';
import { filterConformance, listConsistency } from './list-probe';
import type { CheckInput } from './types';

const list = (groups: unknown) => ({ status: 200, message: 'Groups found', data: { groups } });
const probe = (over: Partial<NonNullable<CheckInput['listProbe']>>): NonNullable<CheckInput['listProbe']> => ({
  check: 'filter-conformance',
  expect: 'present',
  wrapper: 'groups',
  keyField: 'id',
  key: '7',
  filter: { name: 'business_code', field: 'business_code', value: '15' },
  ...over,
});
const run = (check: typeof filterConformance, body: unknown, p: NonNullable<CheckInput['listProbe']>) =>
  check({ ...given({ status: 200, body }), listProbe: p }).map((v) => v.check);

describe('filter-conformance', () => {
  test.each([
    [
      'the run’s record and only matching records',
      [
        { id: 7, business_code: '15' },
        { id: 2, business_code: 15 },
      ],
      [],
    ],
    ['the run’s record missing', [{ id: 2, business_code: '15' }], ['filter-conformance']],
    [
      'a record that does not match (the filter ignored)',
      [
        { id: 7, business_code: '15' },
        { id: 3, business_code: '9' },
      ],
      ['filter-conformance'],
    ],
    ['a record shown without the field (not judged)', [{ id: 7, business_code: '15' }, { id: 3 }], []],
    [
      'a record whose field is null',
      [
        { id: 7, business_code: '15' },
        { id: 3, business_code: null },
      ],
      ['filter-conformance'],
    ],
    ['one match as an object (the schema’s finding, not this check’s)', { id: 7, business_code: '15' }, []],
  ] as Array<[string, unknown, string[]]>)('given %s, want %p', (_name, groups, want) => {
    expect(run(filterConformance, list(groups), probe({}))).toEqual(want);
  });
});

describe('list-consistency', () => {
  const consistent = (over: Partial<NonNullable<CheckInput['listProbe']>>) =>
    probe({ check: 'list-consistency', filter: undefined, ...over });
  test.each([
    ['created and listed', consistent({}), [{ id: 7 }], []],
    ['created, not listed', consistent({}), [{ id: 2 }], ['list-consistency']],
    [
      'created, not listed, and the fetch 404s too (the fetch checks’ finding)',
      consistent({ fetched: { status: 404 } }),
      [{ id: 2 }],
      [],
    ],
    [
      'edited and listed with the edit',
      consistent({ expect: 'edited', edited: { group_name: 'Gold' } }),
      [{ id: 7, group_name: 'Gold' }],
      [],
    ],
    [
      'edited, listed with the old value',
      consistent({ expect: 'edited', edited: { group_name: 'Gold' } }),
      [{ id: 7, group_name: 'Old' }],
      ['list-consistency'],
    ],
    [
      'edited, a list that shows fewer fields',
      consistent({ expect: 'edited', edited: { group_name: 'Gold' } }),
      [{ id: 7 }],
      [],
    ],
    [
      'edited, but the fetch shows the old value too (edit-persisted’s finding)',
      consistent({
        expect: 'edited',
        edited: { group_name: 'Gold' },
        fetched: { status: 200, record: { id: 7, group_name: 'Old' } },
      }),
      [{ id: 7, group_name: 'Old' }],
      [],
    ],
    ['deleted and gone', consistent({ expect: 'absent', fetched: { status: 404 } }), [{ id: 2 }], []],
    [
      'deleted, still listed',
      consistent({ expect: 'absent', fetched: { status: 404 } }),
      [{ id: 7 }],
      ['list-consistency'],
    ],
    [
      'deleted, still listed and still fetched (use-after-free’s finding)',
      consistent({ expect: 'absent', fetched: { status: 200, record: { id: 7 } } }),
      [{ id: 7 }],
      [],
    ],
  ] as Array<[string, NonNullable<CheckInput['listProbe']>, unknown, string[]]>)(
    'given %s, want %p',
    (_name, p, groups, want) => {
      expect(run(listConsistency, list(groups), p)).toEqual(want);
    },
  );
});
