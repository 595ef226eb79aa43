// Engine messages in the reader's language and pointers in words.
import { describe, expect, test } from 'vitest';
import { pointerLabel, translateMessage } from '../../ui/issue-text.js';

describe('translateMessage', () => {
  test('known engine and lever messages become Chinese, keeping their numbers and names', () => {
    expect(translateMessage('probabilities add up to 1.2; expected at most 1', 'zh-CN')).toBe('各情形概率合计为 1.2，应不超过 1');
    expect(translateMessage('must be at most 1', 'zh-CN')).toBe('不得大于 1');
    expect(translateMessage('missing required field "years"', 'zh-CN')).toBe('缺少必填字段“years”');
    expect(translateMessage('unknown party "XX"; expected one of JN, PZ', 'zh-CN')).toBe('未知地区“XX”，应为以下之一：JN, PZ');
    expect(translateMessage('expected number (in economies/x.json)', 'zh-CN')).toBe('应为数值（见 economies/x.json）');
  });
  test('English stays as the engine wrote it; an unknown message stays unchanged', () => {
    expect(translateMessage('must be at most 1', 'en')).toBe('must be at most 1');
    expect(translateMessage('something new happened', 'zh-CN')).toBe('something new happened');
  });
});

describe('pointerLabel', () => {
  test('names the parts, counts from 1 and uses names for ids', () => {
    expect(pointerLabel('/economy/projects/3/withoutDeal', 'zh-CN')).toBe('经济体 · 项目 4 · 无协议情形');
    expect(pointerLabel('/economy/projects/0/costs/1/shares', 'en')).toBe('economy · project 1 · cost 2 · shares');
    expect(pointerLabel('/policy/rules/joint/tax/originShare/value', 'zh-CN', new Map([['joint', '共同出资项目']]))).toBe('政策 · 分成规则 · 共同出资项目 · 税收分成 · 派出方份额');
    expect(pointerLabel('', 'zh-CN')).toBe('整个文件');
  });
});
