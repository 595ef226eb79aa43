// Every label exists in both languages: the zh-CN template translates each English message.
import { describe, expect, test } from 'vitest';
import { EN } from '../../ui/messages.js';
import { templates } from '../../ui/locales/zh-CN.js';

describe('zh-CN templates', () => {
  test('translate every message id and nothing else', () => {
    expect(Object.keys(templates).sort()).toEqual(Object.keys(EN).sort());
  });

  test('are Chinese text, not copies of the English', () => {
    for (const [id, en] of Object.entries(EN)) {
      const zh = templates[id as keyof typeof EN];
      expect(zh, id).not.toBe(en);
      expect(zh, id).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
