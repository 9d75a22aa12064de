import type { Sex } from './dataset-types.js';
import type { Random } from './random.js';

const SURNAMES = [
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁',
  '任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史黎贺顾毛郝龚邵万钱覃戴孔汤',
  '易向伍文喻颜匡聂符阳欧',
]
  .join('')
  .split('');

export const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛'];

/** Given-name characters by sex and by the era the person was born in. */
const GIVEN: Record<Sex, Record<'older' | 'younger', string[]>> = {
  male: {
    older: [...'国建志德永福明华忠伟军平松林海春庆荣贵富山'],
    younger: [...'浩宇轩子涵俊杰博文鑫磊晨阳泽睿航天一鸣昊然'],
  },
  female: {
    older: [...'桂英秀兰淑珍玉芳凤梅春香红丽华琴霞金菊翠'],
    younger: [...'雨萱欣怡梓涵诗琪佳慧婷思语可馨晓悦雅彤'],
  },
};

/**
 * Characters outside the basic multilingual plane that real registrations
 * hold; about one name in a hundred carries one, so that every layer has to
 * store and compare them as whole code points.
 */
export const RARE_CHARACTERS = ['𠀾', '𡈼', '𪚥', '𤭢', '𠮷', '𫖯', '𬌗', '𣲗', '𨰻'];

const RARE_NAME_SHARE = 0.01;

export function pickSurname(random: Random): string {
  return random.chance(0.01) ? random.pick(COMPOUND_SURNAMES) : random.pick(SURNAMES);
}

/** A full name in the style of the person's generation. */
export function personName(random: Random, surname: string, sex: Sex, birthYear: number): string {
  const pool = GIVEN[sex][birthYear < 1980 ? 'older' : 'younger'];
  const given = [random.pick(pool)];
  if (random.chance(0.75)) given.push(random.pick(pool));

  if (random.chance(RARE_NAME_SHARE)) given[given.length - 1] = random.pick(RARE_CHARACTERS);
  return surname + given.join('');
}

/** True when a name holds a character outside the basic multilingual plane. */
export function hasRareCharacter(name: string): boolean {
  return [...name].some((character) => (character.codePointAt(0) ?? 0) > 0xffff);
}
