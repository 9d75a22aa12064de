import { describe, expect, it } from 'vitest';

import { maskIdentityNumber, maskIdentityNumbersIn, maskName } from './masking.js';

describe('maskIdentityNumber', () => {
  it('keeps the first six and last four characters of an 18-character number', () => {
    expect(maskIdentityNumber('430102194603120244')).toBe('430102********0244');
    expect(maskIdentityNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('masks the 15-digit form to the same length', () => {
    expect(maskIdentityNumber('430102460312024')).toBe('430102*****2024');
  });

  it('masks every character of a value too short to split', () => {
    expect(maskIdentityNumber('4301021946')).toBe('**********');
  });
});

describe('maskName', () => {
  it('keeps the surname and masks each given-name character', () => {
    expect(maskName('周桂英')).toBe('周**');
    expect(maskName('李娜')).toBe('李*');
  });

  it('keeps a compound surname whole', () => {
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('司马光')).toBe('司马*');
    expect(maskName('诸葛孔明')).toBe('诸葛**');
  });

  it('reads a two-character name as surname and given name even when it looks compound', () => {
    expect(maskName('欧阳')).toBe('欧*');
  });

  it('counts characters outside the basic plane once each', () => {
    expect(maskName('王𠀾𡈼')).toBe('王**');
    expect(maskName('𠀾𡈼')).toBe('𠀾*');
  });

  it('shows nothing of a one-character name', () => {
    expect(maskName('王')).toBe('*');
  });
});

describe('maskIdentityNumbersIn', () => {
  it('masks numbers of either form inside free text and leaves other digits', () => {
    expect(maskIdentityNumbersIn('ref-430102194603120244/2026'))
      .toBe('ref-430102********0244/2026');
    expect(maskIdentityNumbersIn('a 430102460312024 b 12345')).toBe('a 430102*****2024 b 12345');
  });
});
