import { describe, expect, it } from 'vitest';
import { LABEL_PALETTE, textColorOn } from './colors';

describe('textColorOn', () => {
  it('puts white on dark and black on light colours', () => {
    expect(textColorOn('#000000')).toBe('#ffffff');
    expect(textColorOn('#1e3a8a')).toBe('#ffffff');
    expect(textColorOn('#ffffff')).toBe('#000000');
    expect(textColorOn('#fde047')).toBe('#000000');
  });

  it('falls back to black for anything that is no colour', () => {
    expect(textColorOn('red')).toBe('#000000');
  });

  it('offers only colours the server accepts', () => {
    for (const color of LABEL_PALETTE) expect(color).toMatch(/^#[0-9a-f]{6}$/);
  });
});
