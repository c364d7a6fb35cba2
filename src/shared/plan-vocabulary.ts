/**
 * The vocabularies of a case's plan (1 gezin 1 plan) and its shared explanatory analysis (issue 18):
 * the same codes on the server and in the web client (keep this module free of server-only imports).
 */
export const GOAL_OWNERS = ['parent', 'child', 'family', 'team', 'partner'] as const;
export type GoalOwner = (typeof GOAL_OWNERS)[number];

/** Goals of the parents' side: the parents add and change these themselves. */
export const FAMILY_GOAL_OWNERS: readonly GoalOwner[] = ['parent', 'child', 'family'];

export function isFamilyGoal(owner: GoalOwner): boolean {
  return FAMILY_GOAL_OWNERS.includes(owner);
}

export const GOAL_STATUSES = ['open', 'in_progress', 'achieved', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const ACTION_STATUSES = ['open', 'doing', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const RECURRENCES = ['none', 'weekly', 'monthly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

/** The sections of the guideline's shared explanatory analysis, in their order. */
export const ANALYSIS_SECTIONS = ['situation', 'explanations', 'risks', 'protective_factors', 'earlier_help', 'hypotheses', 'agreements'] as const;
export type AnalysisSection = (typeof ANALYSIS_SECTIONS)[number];

export const ANALYSIS_STATUSES = ['draft', 'final'] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];

export const STANCES = ['agree', 'disagree', 'addition'] as const;
export type Stance = (typeof STANCES)[number];
