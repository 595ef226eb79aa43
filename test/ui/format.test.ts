// Numbers in the reader's idiom: 万/亿 for money and people in Chinese, never SI suffixes;
// plain decimals for indices; English grouping by thousands.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { formatValue, tickFormatter } from '../../ui/format.js';
import { rowsToCsv } from '../../ui/export.js';

describe('formatValue (tables and tips)', () => {
  test('Chinese money and people from 万 up are grouped by 万 and 亿', () => {
    expect(formatValue(15000, 'money', 'zh-CN')).toBe('1.5万');
    expect(formatValue(-21070, 'money', 'zh-CN')).toBe('-2.107万');
    expect(formatValue(123456789, 'persons', 'zh-CN')).toBe('1.235亿');
    expect(formatValue(609.71, 'money', 'zh-CN')).toBe('609.71');
    expect(formatValue(9999, 'persons', 'zh-CN')).toBe('9,999');
  });

  test('English keeps grouping by thousands; indices stay plain in both', () => {
    expect(formatValue(15000, 'money', 'en')).toBe('15,000');
    expect(formatValue(0.0152, 'index', 'zh-CN')).toBe('0.0152');
    expect(formatValue(0.0152, 'index', 'en')).toBe('0.0152');
    expect(formatValue(NaN, 'money', 'en')).toBe('–');
  });

  test('no SI suffix (k, m, M, G) ever appears in Chinese', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constantFrom('money' as const, 'persons' as const, 'index' as const), (v, kind) => {
        const text = formatValue(v, kind, 'zh-CN');
        const tick = tickFormatter(kind, 'zh-CN')(v);
        return !/[kmMGT]/.test(text) && !/[kmMGT]/.test(tick);
      }),
    );
  });
});

describe('tickFormatter (axes)', () => {
  test('the issue’s ticks: 亿元 "15k", employment "20k", Theil "15m"', () => {
    expect(tickFormatter('money', 'zh-CN')(15000)).toBe('1.5万');
    expect(tickFormatter('persons', 'zh-CN')(20000)).toBe('2万');
    expect(tickFormatter('index', 'zh-CN')(0.015)).toBe('0.015');
    expect(tickFormatter('money', 'zh-CN')(500)).toBe('500');
    expect(tickFormatter('money', 'en')(15000)).toBe('15K');
  });
});

describe('rowsToCsv', () => {
  test('party names, party ids and a unit column', () => {
    const csv = rowsToCsv(
      [
        { year: 2025, party: 'JN', world: 'deal', measure: 'taxRetained', value: 1.5 },
        { year: 2025, party: 'PZ', world: 'deal', measure: 'employment', value: 300 },
      ],
      { partyName: (id) => (id === 'JN' ? '金牛区' : '彭州市'), unit: (m) => (m === 'employment' ? '人' : '亿元/年') },
    );
    expect(csv.split('\n')).toEqual([
      'year,party,partyId,world,measure,value,unit',
      '2025,金牛区,JN,deal,taxRetained,1.5,亿元/年',
      '2025,彭州市,PZ,deal,employment,300,人',
    ]);
  });
});
