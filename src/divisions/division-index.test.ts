import { describe, expect, it } from 'vitest';

import { parseDivisionLine } from './division-files.js';
import { loadDivisionIndex } from './division-index.js';

describe('division index', () => {
  it('knows the villages the case book uses', async () => {
    const index = await loadDivisionIndex();

    for (const code of ['430102001001', '430121102004', '320104001001', '430181102224']) {
      expect(index.villageExists(code), code).toBe(true);
    }
  });

  it('rejects village codes that are not published', async () => {
    const index = await loadDivisionIndex();

    expect(index.villageExists('430102001999')).toBe(false);
    expect(index.villageExists('999999999999')).toBe(false);
    expect(index.villageExists('43010200100')).toBe(false);
    expect(index.villageExists('43010200100x')).toBe(false);
  });

  it('answers for divisions of every level', async () => {
    const index = await loadDivisionIndex();

    expect(index.divisionExists('43')).toBe(true);
    expect(index.divisionExists('4301')).toBe(true);
    expect(index.divisionExists('430102')).toBe(true);
    expect(index.divisionExists('430102001')).toBe(true);
    expect(index.divisionExists('430102001001')).toBe(true);
    expect(index.divisionExists('4399')).toBe(false);
    expect(index.divisionExists('430199')).toBe(false);
    expect(index.divisionExists('4301020')).toBe(false);
  });

  it('names divisions from province down to village', async () => {
    const index = await loadDivisionIndex();

    expect(index.nameOf('43')).toBe('湖南省');
    expect(index.nameOf('4301')).toBe('长沙市');
    expect(index.nameOf('430102')).toBe('芙蓉区');
    expect(index.nameOf('430102001')).toBe('文艺路街道');
    expect(index.nameOf('430102001001')).toBe('识字里社区居委会');
    expect(index.nameOf('430181102224')).toBe('周洛村');
    expect(index.nameOf('999999999999')).toBeNull();
  });

  it('lists the villages under a prefix in code order', async () => {
    const index = await loadDivisionIndex();

    const township = index.villagesUnder('430102001');
    expect(township).toContain('430102001001');
    expect(township.every((code) => code.startsWith('430102001'))).toBe(true);
    expect([...township].sort()).toEqual(township);

    const city = index.villagesUnder('4301');
    expect(city.length).toBeGreaterThan(1000);
    expect(city.every((code) => index.villageExists(code))).toBe(true);
    expect(index.villagesUnder('99')).toEqual([]);
  });

  it('loads the list once per process', async () => {
    const [first, second] = await Promise.all([loadDivisionIndex(), loadDivisionIndex()]);

    expect(second).toBe(first);
    expect(await loadDivisionIndex()).toBe(first);
  });
});

describe('division CSV lines', () => {
  it('reads the code and the quoted name and skips the header', () => {
    expect(parseDivisionLine('430102001001,"识字里社区居委会",430102001,43,4301,430102')).toEqual({
      code: '430102001001',
      name: '识字里社区居委会',
    });
    expect(parseDivisionLine('code,name,streetCode')).toBeNull();
    expect(parseDivisionLine('')).toBeNull();
  });
});
