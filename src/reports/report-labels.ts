/** Dutch words for the report's machine keys (CSV labels, PDF text). Plain language, as in the team's own reports. */

export const STATUS_LABELS: Record<string, string> = {
  new: 'Nieuw',
  contacted: 'Contact gehad',
  welcome_planned: 'Welkomstgesprek gepland',
  in_guidance: 'In begeleiding',
  out_of_scope: 'Niet tot de doelgroep',
  closed: 'Afgesloten',
  dormant: 'Slapend',
  not_started: 'Niet gestart',
};

export const ROUTE_LABELS: Record<string, string> = {
  parent: 'Via een ouder',
  child: 'Via een kind',
  professional: 'Via een professional',
  other: 'Anders',
};

export const REGISTRANT_TYPE_LABELS: Record<string, string> = {
  mother: 'Moeder',
  father: 'Vader',
  both_parents: 'Beide ouders',
  child: 'Kind',
  professional: 'Professional',
  other: 'Anders',
};

export const PLACEMENT_LABELS: Record<string, string> = {
  home: 'Thuis',
  foster_family: 'Pleeggezin',
  family_home: 'Gezinshuis',
  residential: 'Residentiële jeugdhulp',
  other: 'Anders',
  unknown: 'Onbekend',
};

export const REASON_LABELS: Record<string, string> = {
  financial: 'Financiële problematiek',
  unsafe_home: 'Onveilige thuissituatie, huiselijk geweld',
  housing: 'Gebrek aan woning',
  substance_use: 'Middelengebruik en verslaving',
  inability_to_care: 'Onvermogen om voor de kinderen te zorgen',
  partner_actions: 'Acties van de partner',
  complex_divorce: 'Complexe echtscheiding',
  possible_offences: 'Mogelijk strafbare feiten',
  other: 'Anders',
};

export const HOUSEHOLD_LABELS: Record<string, string> = {
  single_parent: 'Eénoudergezin',
  two_parents: 'Tweeoudergezin',
  blended: 'Samengesteld gezin',
  other: 'Anders',
  unknown: 'Onbekend',
};

export const CUSTODY_LABELS: Record<string, string> = {
  yes: 'Aanmelder heeft gezag',
  no: 'Aanmelder heeft geen gezag',
  unknown: 'Gezag onbekend',
};

export const DESIRED_LABELS: Record<string, string> = {
  contact_restoration: 'Contactherstel',
  reverse_placement: 'Terugdraaien uithuisplaatsing',
  family_restoration: 'Toewerken naar gezinsherstel',
  other: 'Anders',
};

export const SUPPORT_LABELS: Record<string, string> = {
  recognition: 'Erkenning',
  personal_recovery: 'Persoonlijk herstel',
  family_recovery: 'Gezinsherstel',
  return_of_children: 'Terugplaatsing van kind(eren)',
  new_investigation: 'Nieuw onderzoek',
  other: 'Anders',
};

export const RESULT_LABELS: Record<string, string> = {
  file_inspection: 'Inzage dossier',
  relation_improved: 'Verbeterde relatie met betrokken partijen',
  care_arranged: 'Hulpverlening ingezet',
  visiting_arrangement: 'Bezoeksregeling tot stand gebracht of aangepast',
  contact_restored: 'Contactherstel met kinderen',
  court_documents: 'Documenten voor een rechtszaak',
  board_talk_prepared: 'Gesprek met de Raad voorbereid',
  housing: 'Woning of woningurgentie',
  therapy: 'Therapie geregeld',
  case_handler: 'Persoonlijke zaakbehandelaar',
  returned_home: 'Kind weer thuis',
  other: 'Anders',
};

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** "2022-05" → "mei 2022". */
export function dutchMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return `${MONTHS[m - 1]} ${year}`;
}

/** Issue 18: the plan's goals, in the report's words. */
export const GOAL_OWNER_LABELS: Record<string, string> = {
  parent: 'de ouder', child: 'het kind', family: 'het gezin', team: 'het team', partner: 'een ketenpartner',
};
export const GOAL_STATUS_LABELS: Record<string, string> = {
  open: 'nog niet begonnen', in_progress: 'mee bezig', achieved: 'gelukt', dropped: 'gestopt',
};
