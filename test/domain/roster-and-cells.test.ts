import { describe, expect, it } from 'vitest';
import { cellCount, cellText, type CellValue } from '../../src/domain/cells.ts';
import { isActiveCell, parseRoster } from '../../src/domain/roster.ts';

describe('isActiveCell', () => {
  it.each<[CellValue | undefined]>([['ON'], ['on'], ['On'], [' on '], ['TRUE'], ['true'], ['True'], ['YES'], ['yes'], ['1'], [true], [1]])(
    '%j is active',
    (value) => {
      expect(isActiveCell(value)).toBe(true);
    },
  );

  it.each<[CellValue | undefined]>([['OFF'], ['off'], [''], ['   '], [0], ['0'], [false], ['FALSE'], ['no'], ['NO'], [null], [undefined], [2], [-1], ['maybe'], ['ONN']])(
    '%j is not active',
    (value) => {
      expect(isActiveCell(value)).toBe(false);
    },
  );
});

describe('parseRoster', () => {
  it('keeps sheet order, parses active, drops rows without a slack_id', () => {
    expect(
      parseRoster([
        { name: 'Ani', email: 'ani@example.com', slack_id: 'U01ANI', active: 'ON' },
        { name: 'No Slack', email: 'x@example.com', slack_id: '', active: 'ON' },
        { name: 'Blank Slack', slack_id: '   ', active: true },
        { name: 'Missing Slack', active: 'TRUE' },
        { name: ' Budi ', slack_id: ' U02BUDI ', active: false },
        { slack_id: 'U03CICI', active: 'yes' },
        { name: 'Dodi', slack_id: 'U04DODI' },
        {},
      ]),
    ).toEqual([
      { name: 'Ani', email: 'ani@example.com', slackId: 'U01ANI', active: true },
      { name: 'Budi', email: '', slackId: 'U02BUDI', active: false },
      { name: 'U03CICI', email: '', slackId: 'U03CICI', active: true },
      { name: 'Dodi', email: '', slackId: 'U04DODI', active: false },
    ]);
  });

  it('an empty sheet is an empty roster', () => {
    expect(parseRoster([])).toEqual([]);
  });
});

describe('cellText', () => {
  it.each<[CellValue | undefined, string]>([
    [6281234567890, '6281234567890'],
    [447911123456, '447911123456'],
    [1e21, '1000000000000000000000'],
    [0, '0'],
    [-42, '-42'],
    [1.5, '1.5'],
    [true, 'TRUE'],
    [false, 'FALSE'],
    ['  padded  ', 'padded'],
    ['6281234567890', '6281234567890'],
    ['', ''],
    [null, ''],
    [undefined, ''],
  ])('%j -> %j', (value, text) => {
    expect(cellText(value)).toBe(text);
  });

  it('never writes a big phone in exponent notation', () => {
    for (const phone of [6281234567890, 628123456789012, 14155552671]) {
      expect(cellText(phone)).toMatch(/^\d+$/);
    }
  });
});

describe('cellCount', () => {
  it.each<[CellValue | undefined, number | undefined]>([
    ['', 0],
    ['   ', 0],
    [null, 0],
    [undefined, 0],
    ['3', 3],
    [' 3 ', 3],
    [3, 3],
    [0, 0],
    ['2.9', 2],
    ['-1', undefined],
    [-1, undefined],
    ['abc', undefined],
    ['3 times', undefined],
    [true, undefined],
  ])('%j -> %j', (value, count) => {
    expect(cellCount(value)).toBe(count);
  });
});
