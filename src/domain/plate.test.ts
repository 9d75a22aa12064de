import { describe, expect, it } from 'vitest';

import { normalisePlate } from './plate.js';

describe('normalisePlate', () => {
  it('removes the middle dot printed on plates', () => {
    expect(normalisePlate('湘A·12345')).toBe('湘A12345');
  });

  it('upper-cases letters', () => {
    expect(normalisePlate('湘a·d5678')).toBe('湘AD5678');
  });

  it('removes hyphens and spaces', () => {
    expect(normalisePlate(' 湘A-D 12345 ')).toBe('湘AD12345');
  });

  it('treats the look-alike dots, the full-width hyphen and the ideographic space the same', () => {
    for (const separator of ['\u30FB', '\u2022', '\uFF0D', '\u3000', '\uFF65']) {
      expect(normalisePlate(`湘A${separator}12345`)).toBe('湘A12345');
    }
  });

  it('reads full-width letters and digits as their plain forms', () => {
    expect(normalisePlate('湘Ａ·１２３４５')).toBe('湘A12345');
  });

  it('keeps the province character and a new-energy plate of eight characters', () => {
    expect(normalisePlate('粤B·D12345')).toBe('粤BD12345');
  });
});
