import { describe, expect, it } from 'vitest';
import { findSlashTrigger, replaceTrigger } from './trigger';

describe('findSlashTrigger', () => {
  it.each([
    ['/', 1, ''],
    ['/ho', 3, 'ho'],
    ['Hello /hou', 10, 'hou'],
    ['Line one\n/addr', 14, 'addr'],
    ['/opening_hours-de', 17, 'opening_hours-de'],
    ['Grüße /öffnung', 14, 'öffnung'],
  ])('finds the query in %j', (text, caret, query) => {
    expect(findSlashTrigger(text, caret)?.query).toBe(query);
  });

  it.each([
    ['no slash', 'hello', 5],
    ['inside a word', 'and/or', 6],
    ['a URL', 'see https://example.com/x', 25],
    ['a date', 'on 1/2', 6],
    ['a space after the query', '/hours now', 10],
    ['a caret before the slash', 'hi /x', 2],
  ])('ignores %s', (_name, text, caret) => {
    expect(findSlashTrigger(text, caret)).toBeNull();
  });

  it('uses the text up to the caret only', () => {
    expect(findSlashTrigger('/hours later', 3)).toEqual({ start: 0, end: 3, query: 'ho' });
  });
});

describe('replaceTrigger', () => {
  it('puts the text where the trigger was and the caret after it', () => {
    const text = 'Hi! /ho and more';
    const trigger = findSlashTrigger(text, 7)!;
    expect(replaceTrigger(text, trigger, 'We open at 9.')).toEqual({
      text: 'Hi! We open at 9. and more',
      caret: 17,
    });
  });
});
