import { addDays, addYears } from './calendar.js';
import type { Person, Sex } from './dataset-types.js';
import type { FamilyComposition } from './family-composition.js';
import { surnameOf } from './people.js';

/**
 * The shapes of families that apply for assistance, each filling a
 * composition with members of plausible ages and marital histories.
 */
type Template = (composition: FamilyComposition) => void;

function sexWithShare(composition: FamilyComposition, femaleShare: number): Sex {
  return composition.random.chance(femaleShare) ? 'female' : 'male';
}

/**
 * How a lone applicant's marriage turned out: widowed with the given share,
 * otherwise divorced one time in four and never married the rest.
 */
function addLoneAdult(composition: FamilyComposition, person: Person, widowShare: number): void {
  const { random } = composition;
  const status = random.weighted([
    ['widowed', widowShare],
    ['divorced', (1 - widowShare) * 0.25],
    ['single', (1 - widowShare) * 0.75],
  ] as const);

  if (status === 'single') {
    composition.add(person, 'applicant', 'single');
    return;
  }
  composition.add(person, 'applicant', status);
  composition.addFormerMarriage(person, status === 'widowed' ? 'death' : 'divorce');
}

/** One or two parents of the applicant; two are married to each other. */
function addParents(composition: FamilyComposition, applicant: Person): void {
  const { random } = composition;
  const gap = random.int(22, 34);
  const minAge = Math.min(94, composition.ageOf(applicant) + gap);
  const father = composition.person('male', minAge, minAge + 2, surnameOf(applicant));

  if (random.chance(0.55) && minAge <= 88) {
    composition.addCouple(father, 'parent', 'parent');
    return;
  }
  const parent = random.chance(0.5) ? father : composition.person('female', minAge, minAge + 2);
  composition.add(parent, 'parent', 'widowed');
  composition.addFormerMarriage(parent, 'death');
}

const singleElder: Template = (composition) => {
  const applicant = composition.person(sexWithShare(composition, 0.6), 60, 92);
  addLoneAdult(composition, applicant, 0.6);
};

const elderCouple: Template = (composition) => {
  const applicant = composition.person(sexWithShare(composition, 0.3), 60, 88);
  composition.addCouple(applicant, 'applicant', 'spouse');
};

const coupleWithChildren: Template = (composition) => {
  const applicant = composition.person(sexWithShare(composition, 0.4), 28, 55);
  const couple = composition.addCouple(applicant, 'applicant', 'spouse');
  const count = composition.random.weighted([[1, 5], [2, 4], [3, 1]] as const);
  const since = addDays(couple.marriedOn, 300);
  for (const child of composition.children(count, surnameOf(couple.man), since, 25)) {
    composition.add(child, 'child', 'single');
  }
};

const singleParent: Template = (composition) => {
  const applicant = composition.person(sexWithShare(composition, 0.7), 25, 55);
  addLoneAdult(composition, applicant, 0.25);

  const former = composition.former[0];
  const since = former ? addDays(former.marriedOn, 300) : addYears(applicant.birthOn, 20);
  const surname = surnameOf(former ? former.man : applicant);
  const count = composition.random.weighted([[1, 3], [2, 1]] as const);
  for (const child of composition.children(count, surname, since, 20)) {
    composition.add(child, 'child', 'single');
  }
};

const threeGenerations: Template = (composition) => {
  const applicant = composition.person(sexWithShare(composition, 0.3), 30, 50);
  const couple = composition.addCouple(applicant, 'applicant', 'spouse');
  const count = composition.random.weighted([[1, 2], [2, 1]] as const);
  const since = addDays(couple.marriedOn, 300);
  for (const child of composition.children(count, surnameOf(couple.man), since, 22)) {
    composition.add(child, 'child', 'single');
  }
  addParents(composition, applicant);
};

const adultWithParents: Template = (composition) => {
  const { random } = composition;
  if (random.chance(0.2)) {
    const applicant = composition.person(sexWithShare(composition, 0.5), 20, 35);
    composition.add(applicant, 'applicant', 'single');
    const age = composition.ageOf(applicant) + random.int(45, 58);
    const grandparent = composition.person(sexWithShare(composition, 0.6), age, age);
    composition.add(grandparent, 'grandparent', 'widowed');
    composition.addFormerMarriage(grandparent, 'death');
    return;
  }
  const applicant = composition.person(sexWithShare(composition, 0.5), 25, 55);
  addLoneAdult(composition, applicant, 0);
  addParents(composition, applicant);
};

const grandparentWithGrandchildren: Template = (composition) => {
  const { random } = composition;
  const applicant = composition.person(sexWithShare(composition, 0.55), 55, 80);
  if (random.chance(0.5)) composition.addCouple(applicant, 'applicant', 'spouse');
  else addLoneAdult(composition, applicant, 0.8);

  const since = addYears(applicant.birthOn, 45);
  const count = random.weighted([[1, 3], [2, 2]] as const);
  const surname = applicant.sex === 'male' ? surnameOf(applicant) : undefined;
  for (const grandchild of composition.children(count, surname, since, 16)) {
    composition.add(grandchild, 'grandchild', 'single');
  }
};

const singleAdult: Template = (composition) => {
  const applicant = composition.person(sexWithShare(composition, 0.45), 20, 59);
  addLoneAdult(composition, applicant, 0);
  if (!composition.random.chance(0.3)) return;

  const age = Math.max(16, composition.ageOf(applicant) + composition.random.int(-8, 8));
  const sex = sexWithShare(composition, 0.5);
  const sibling = composition.person(sex, age, age, surnameOf(applicant));
  composition.add(sibling, 'sibling', 'single');
};

/** Templates by the share of applications they stand for. */
export const FAMILY_TEMPLATES: ReadonlyArray<readonly [Template, number]> = [
  [singleElder, 18],
  [elderCouple, 14],
  [coupleWithChildren, 22],
  [singleParent, 14],
  [threeGenerations, 10],
  [adultWithParents, 8],
  [grandparentWithGrandchildren, 7],
  [singleAdult, 7],
];
