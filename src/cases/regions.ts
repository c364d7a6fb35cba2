import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * The Dutch youth-care regions (jeugdzorgregio's / jeugdhulpregio's): the 42 regions in which the
 * municipalities organise youth care together under the Jeugdwet (indeling 2022–2025).
 * A code is the lower-case, hyphenated name; every `regionCode(s)` field in the API takes these codes.
 */
export interface YouthCareRegion {
  code: string;
  name: string;
}

export const YOUTH_CARE_REGIONS: YouthCareRegion[] = [
  { code: 'achterhoek', name: 'Achterhoek' },
  { code: 'alblasserwaard-vijfheerenlanden', name: 'Alblasserwaard-Vijfheerenlanden' },
  { code: 'amersfoort', name: 'Amersfoort' },
  { code: 'amsterdam-amstelland', name: 'Amsterdam-Amstelland' },
  { code: 'centraal-gelderland', name: 'Centraal Gelderland' },
  { code: 'drenthe', name: 'Drenthe' },
  { code: 'flevoland', name: 'Flevoland' },
  { code: 'food-valley', name: 'Food Valley' },
  { code: 'friesland', name: 'Friesland' },
  { code: 'gooi-en-vechtstreek', name: 'Gooi en Vechtstreek' },
  { code: 'groningen', name: 'Groningen' },
  { code: 'haaglanden', name: 'Haaglanden' },
  { code: 'haarlemmermeer', name: 'Haarlemmermeer' },
  { code: 'helmond-de-peel', name: 'Helmond-De Peel' },
  { code: 'holland-rijnland', name: 'Holland Rijnland' },
  { code: 'ijmond', name: 'IJmond' },
  { code: 'ijsselland', name: 'IJsselland' },
  { code: 'lekstroom', name: 'Lekstroom' },
  { code: 'midden-brabant', name: 'Midden-Brabant' },
  { code: 'midden-holland', name: 'Midden-Holland' },
  { code: 'midden-ijssel-oost-veluwe', name: 'Midden-IJssel/Oost-Veluwe' },
  { code: 'midden-limburg-oost', name: 'Midden-Limburg Oost' },
  { code: 'midden-limburg-west', name: 'Midden-Limburg West' },
  { code: 'noord-holland-noord', name: 'Noord-Holland Noord' },
  { code: 'noord-limburg', name: 'Noord-Limburg' },
  { code: 'noord-veluwe', name: 'Noord-Veluwe' },
  { code: 'noordoost-brabant', name: 'Noordoost-Brabant' },
  { code: 'rijk-van-nijmegen', name: 'Rijk van Nijmegen' },
  { code: 'rijnmond', name: 'Rijnmond' },
  { code: 'rivierenland', name: 'Rivierenland' },
  { code: 'twente', name: 'Twente' },
  { code: 'utrecht-stad', name: 'Utrecht Stad' },
  { code: 'utrecht-west', name: 'Utrecht West' },
  { code: 'west-brabant-oost', name: 'West-Brabant-Oost' },
  { code: 'west-brabant-west', name: 'West-Brabant-West' },
  { code: 'zaanstreek-waterland', name: 'Zaanstreek-Waterland' },
  { code: 'zeeland', name: 'Zeeland' },
  { code: 'zuid-holland-zuid', name: 'Zuid-Holland Zuid' },
  { code: 'zuid-kennemerland', name: 'Zuid-Kennemerland' },
  { code: 'zuid-limburg', name: 'Zuid-Limburg' },
  { code: 'zuidoost-brabant', name: 'Zuidoost-Brabant' },
  { code: 'zuidoost-utrecht', name: 'Zuidoost-Utrecht' },
];

export const REGION_CODES: readonly string[] = YOUTH_CARE_REGIONS.map((r) => r.code);
const REGION_CODE_SET: ReadonlySet<string> = new Set(REGION_CODES);
const REGION_BY_CODE: ReadonlyMap<string, YouthCareRegion> = new Map(YOUTH_CARE_REGIONS.map((r) => [r.code, r]));

/** Whether `code` is one of the youth-care region codes. */
export function isRegionCode(code: unknown): code is string {
  return typeof code === 'string' && REGION_CODE_SET.has(code);
}

export function regionByCode(code: string): YouthCareRegion | undefined {
  return REGION_BY_CODE.get(code);
}

/**
 * class-validator decorator: the value is a youth-care region code. Use `@IsRegionCode({ each: true })`
 * for an array of codes (as with every class-validator decorator).
 */
export function IsRegionCode(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isRegionCode',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args) =>
          `${args.property} must ${options?.each ? 'contain only' : 'be'} youth-care region codes (see GET /api/regions)`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => isRegionCode(value),
      },
    });
  };
}
