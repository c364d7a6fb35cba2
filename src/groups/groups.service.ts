import { Injectable } from '@nestjs/common';
import { activeMute, decideGroup, type GroupAccess, isActiveModerator } from '../access/groups.rules.js';
import { AuditService, READ_AUDIT } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CommonErrors } from '../common/domain-error.js';
import { DEFAULT_PAGE, type PageQueryDto, toPage } from '../common/pagination.js';
import { rows } from '../database/returned-rows.js';
import { TransactionHost, Transactional } from '../database/transaction-host.js';
import { RealtimeService } from '../messaging/realtime/realtime.service.js';
import type {
  AddGroupMemberDto, CreateGroupDto, GroupMemberResponse, GroupMembershipResponse, GroupResponse, JoinGroupDto, MuteMemberDto,
} from './dto/group.dto.js';
import { type GroupAccessRow, GroupAccessReader, toGroupAccess } from './group-access.js';
import { GROUP_MEMBER_COLUMNS, type GroupMemberRow, samePseudonym, toGroupMember } from './group-rows.js';
import { GroupErrors } from './groups.errors.js';

const MAX_MUTE_DAYS = 90;

interface GroupRow extends GroupAccessRow {
  name: string;
  theme: string;
  region_code: string | null;
  description: string;
  rules: string;
  open: boolean;
  created_at: Date;
  member_count: number;
  /** The caller's pseudonym in the group, when they have a member row. */
  own_pseudonym: string | null;
}

/** The group, its active member count and the caller's member row (`m`, joined on `user_id`). */
const GROUP_COLUMNS = `g.id, g.team_id, g.name, g.theme, g.region_code, g.description, g.rules, g.open, g.created_at,
  (SELECT count(*)::int FROM peer_group_member c WHERE c.group_id = g.id AND c.status = 'active') AS member_count,
  m.id AS handle, m.role, m.status, m.muted_until, m.pseudonym AS own_pseudonym`;

interface TargetRow extends GroupMemberRow { user_id: string }

function toGroupResponse(row: GroupRow, access: GroupAccess): GroupResponse {
  const m = access.membership;
  return {
    id: row.id,
    name: row.name,
    theme: row.theme,
    regionCode: row.region_code,
    description: row.description,
    rules: row.rules,
    open: row.open,
    memberCount: row.member_count,
    createdAt: new Date(row.created_at).toISOString(),
    membership: m && row.own_pseudonym !== null ? {
      handle: m.handle, pseudonym: row.own_pseudonym, role: m.role, status: m.status,
      mutedUntil: activeMute(access, new Date())?.toISOString() ?? null,
    } : null,
    canModerate: decideGroup('moderate', access) === null,
  };
}

/**
 * Peer groups and their members (issue 19). A coordinator starts a group for their team; a parent
 * asks to join under a pseudonym; the group's moderators (or the team's coordinators) accept,
 * remove and mute. A member is addressed by their handle (the member row's id); coordinators may
 * also use an account id, and anyone their own. Every change is audited with ids only.
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly access: GroupAccessReader,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeService,
  ) {}

  @Transactional()
  async create(user: AuthUser, dto: CreateGroupDto): Promise<GroupResponse> {
    // A group belongs to a support team: its coordinators oversee it and get its escalated reports.
    const [team] = user.organisationId
      ? await this.txHost.tx.query(`SELECT 1 FROM organisation WHERE id = $1 AND kind = 'support_team'`, [user.organisationId]) : [];
    if (!team) throw CommonErrors.forbidden();
    const [row] = await this.txHost.tx.query(
      `INSERT INTO peer_group (team_id, name, theme, region_code, description, rules, open, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [user.organisationId, dto.name, dto.theme, dto.regionCode ?? null, dto.description, dto.rules, dto.open ?? true, user.id],
    ) as { id: string }[];
    await this.audit.record({ action: 'group.created', subjectType: 'group', subjectId: row.id, details: { regionCode: dto.regionCode ?? null, open: dto.open ?? true } });
    const access = await this.access.require(user, 'view', row.id);
    return this.describe(access);
  }

  /** Parents: the open groups and their own; counsellors: the groups they take part in; coordinators: every group of their team. Newest first. */
  async list(user: AuthUser, query: PageQueryDto): Promise<{ items: GroupResponse[]; nextCursor: string | null }> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const tx = this.txHost.tx;
    if (query.before) {
      const [cursor] = await tx.query(`SELECT 1 FROM peer_group WHERE id = $1`, [query.before]);
      if (!cursor) throw CommonErrors.invalidField('before', { nl: 'deze groep bestaat niet.', en: 'this group does not exist.' }, 'invalid_cursor');
    }
    // One query for the whole page: the groups with the caller's row in each (no query per group).
    const found = await tx.query(
      `SELECT ${GROUP_COLUMNS} FROM peer_group g
         LEFT JOIN peer_group_member m ON m.group_id = g.id AND m.user_id = $1
        WHERE (CASE WHEN $2::text = 'coordinator' THEN g.team_id = $3::uuid
                    ELSE m.status IN ('active', 'requested') OR ($2::text = 'parent' AND g.open) END)
          AND ($4::uuid IS NULL OR (g.created_at, g.id) < (SELECT created_at, id FROM peer_group WHERE id = $4::uuid))
        ORDER BY g.created_at DESC, g.id DESC
        LIMIT $5`,
      [user.id, user.role, user.organisationId, query.before ?? null, limit + 1],
    ) as GroupRow[];
    const page = toPage(found, limit, (r) => r.id);
    const items: GroupResponse[] = [];
    for (const row of page.items) {
      const access = toGroupAccess(user, row);
      if (access && decideGroup('view', access) === null) items.push(toGroupResponse(row, access));
    }
    await this.audit.record({ action: 'group.listed', subjectType: 'group', details: { count: items.length } }, READ_AUDIT);
    return { items, nextCursor: page.nextCursor };
  }

  async get(user: AuthUser, groupId: string): Promise<GroupResponse> {
    const access = await this.access.require(user, 'view', groupId);
    await this.audit.record({ action: 'group.read', subjectType: 'group', subjectId: groupId }, READ_AUDIT);
    return this.describe(access);
  }

  /** Active members see the active members; moderators and coordinators also see the requests, the former members and the mutes. */
  async listMembers(user: AuthUser, groupId: string): Promise<GroupMemberResponse[]> {
    const access = await this.access.require(user, 'members', groupId);
    const overseer = access.isTeamCoordinator || isActiveModerator(access);
    const members = await this.txHost.tx.query(
      `SELECT ${GROUP_MEMBER_COLUMNS} FROM peer_group_member m
        WHERE m.group_id = $1 AND ($2 OR m.status = 'active')
        ORDER BY CASE m.status WHEN 'requested' THEN 0 WHEN 'active' THEN 1 ELSE 2 END, m.role DESC, lower(m.pseudonym)`,
      [groupId, overseer],
    ) as GroupMemberRow[];
    await this.audit.record({ action: 'group.members.read', subjectType: 'group', subjectId: groupId, details: { count: members.length } }, READ_AUDIT);
    return members.map((m) => toGroupMember(m, overseer));
  }

  @Transactional()
  async requestToJoin(user: AuthUser, groupId: string, dto: JoinGroupDto): Promise<GroupMembershipResponse> {
    const access = await this.access.require(user, 'join', groupId, { lock: true });
    await this.checkPseudonym(groupId, dto.pseudonym, { id: user.id, displayName: user.displayName, email: user.email }, access.membership?.handle ?? null);
    const tx = this.txHost.tx;
    const [row] = access.membership
      // A former member who left asks again: the same row (and handle) comes back as a request.
      ? await rows<GroupMemberRow>(tx,
        `UPDATE peer_group_member m SET status = 'requested', role = 'member', pseudonym = $2, requested_at = now(), ended_at = NULL, muted_until = NULL
          WHERE m.id = $1 RETURNING ${GROUP_MEMBER_COLUMNS}`, [access.membership.handle, dto.pseudonym])
      : await tx.query(
        `INSERT INTO peer_group_member AS m (group_id, user_id, pseudonym, role, status, requested_at)
         VALUES ($1, $2, $3, 'member', 'requested', now()) RETURNING ${GROUP_MEMBER_COLUMNS}`, [groupId, user.id, dto.pseudonym]) as GroupMemberRow[];
    await this.audit.record({ action: 'group.join_requested', subjectType: 'group', subjectId: groupId, details: { handle: row.id } });
    return { handle: row.id, pseudonym: row.pseudonym, role: row.role, status: row.status, mutedUntil: null };
  }

  /** Accepts a request, adds someone (coordinators, by account id), or changes an active member's pseudonym or role. */
  @Transactional()
  async addMember(user: AuthUser, groupId: string, dto: AddGroupMemberDto): Promise<{ member: GroupMemberResponse; created: boolean }> {
    const access = await this.access.require(user, 'moderate', groupId, { lock: true });
    const tx = this.txHost.tx;
    const target = await this.findTarget(access, user, dto.userId.toLowerCase());
    let userId: string;
    if (target) {
      userId = target.user_id;
    } else {
      // Only a coordinator may name an account that has no place in the group yet.
      if (!access.isTeamCoordinator) throw GroupErrors.memberNotFound();
      userId = dto.userId.toLowerCase();
    }
    // Only the member (or the team's coordinator, who knows them) names them: a moderator keeps the
    // pseudonym the member chose. Otherwise the "that is their real name" refusal below would tell a
    // moderator — a parent, perhaps — whether a guessed name or e-mail is the member's.
    if (target && !access.isTeamCoordinator && target.user_id !== user.id && !samePseudonym(dto.pseudonym, target.pseudonym)) throw GroupErrors.pseudonymByMember();
    if (dto.role === 'moderator' && target?.role !== 'moderator') {
      const refusal = decideGroup('appoint_moderator', access);
      if (refusal) throw refusal;
    }
    const [person] = await tx.query(
      `SELECT id, role, display_name, email FROM app_user WHERE id = $1 AND disabled_at IS NULL`, [userId],
    ) as { id: string; role: string; display_name: string; email: string }[];
    if (!person) throw CommonErrors.notFound('user');
    const eligible = dto.role === 'member' ? person.role === 'parent' : person.role === 'parent' || person.role === 'counsellor';
    if (!eligible) throw GroupErrors.notEligible(dto.role);
    await this.checkPseudonym(groupId, dto.pseudonym, { id: person.id, displayName: person.display_name, email: person.email }, target?.id ?? null);
    const wasActive = target?.status === 'active';
    const [row] = target
      ? await rows<GroupMemberRow>(tx,
        `UPDATE peer_group_member m SET status = 'active', role = $2, pseudonym = $3, added_by_id = CASE WHEN m.status = 'active' THEN m.added_by_id ELSE $4 END,
                joined_at = CASE WHEN m.status = 'active' THEN m.joined_at ELSE now() END, ended_at = NULL
          WHERE m.id = $1 RETURNING ${GROUP_MEMBER_COLUMNS}`, [target.id, dto.role, dto.pseudonym, user.id])
      : await tx.query(
        `INSERT INTO peer_group_member AS m (group_id, user_id, pseudonym, role, status, joined_at, added_by_id)
         VALUES ($1, $2, $3, $4, 'active', now(), $5) RETURNING ${GROUP_MEMBER_COLUMNS}`,
        [groupId, userId, dto.pseudonym, dto.role, user.id]) as GroupMemberRow[];
    const action = wasActive ? 'group.member.updated' : target?.status === 'requested' ? 'group.member.accepted' : 'group.member.added';
    await this.audit.record({ action, subjectType: 'group', subjectId: groupId, details: { handle: row.id, role: dto.role } });
    if (!wasActive) this.txHost.afterCommit(() => this.realtime.joinGroups(userId, [groupId]));
    return { member: toGroupMember(row, true), created: !wasActive };
  }

  /**
   * Someone leaves (their own id or handle), or a moderator or coordinator removes a member or
   * declines a request. A former member's row stays, so their messages keep showing as "oud-lid".
   */
  @Transactional()
  async removeMember(user: AuthUser, groupId: string, memberRef: string): Promise<void> {
    const access = await this.access.require(user, 'view', groupId, { lock: true });
    const own = access.membership && (memberRef === user.id || memberRef === access.membership.handle);
    const tx = this.txHost.tx;
    let target: TargetRow | null;
    let leaving = false;
    if (own) {
      [target] = await tx.query(`SELECT ${GROUP_MEMBER_COLUMNS}, m.user_id FROM peer_group_member m WHERE m.id = $1`, [access.membership!.handle]) as TargetRow[];
      leaving = true;
    } else {
      const refusal = decideGroup('moderate', access);
      if (refusal) throw refusal;
      target = await this.findTarget(access, user, memberRef);
      if (!target) throw GroupErrors.memberNotFound();
      if (target.role === 'moderator' && target.status === 'active' && !access.isTeamCoordinator) throw GroupErrors.removeModeratorByCoordinator();
    }
    if (!target || target.status === 'left' || target.status === 'removed') return;
    if (target.status === 'requested') {
      await tx.query(`DELETE FROM peer_group_member WHERE id = $1`, [target.id]);
      await this.audit.record({ action: 'group.request.declined', subjectType: 'group', subjectId: groupId, details: { handle: target.id, withdrawn: leaving } });
      return;
    }
    await tx.query(
      `UPDATE peer_group_member SET status = $2, ended_at = now(), muted_until = NULL WHERE id = $1`,
      [target.id, leaving ? 'left' : 'removed'],
    );
    await this.audit.record({ action: leaving ? 'group.member.left' : 'group.member.removed', subjectType: 'group', subjectId: groupId, details: { handle: target.id } });
    const userId = target.user_id;
    this.txHost.afterCommit(() => {
      this.realtime.leaveGroups(userId, [groupId]);
      this.realtime.toUsers([userId], 'group:removed', { groupId });
    });
  }

  @Transactional()
  async mute(user: AuthUser, groupId: string, memberRef: string, dto: MuteMemberDto): Promise<GroupMemberResponse> {
    const access = await this.access.require(user, 'moderate', groupId, { lock: true });
    const until = new Date(dto.until);
    const now = Date.now();
    if (!(until.getTime() > now) || until.getTime() > now + MAX_MUTE_DAYS * 86_400_000) throw GroupErrors.muteInPast();
    const target = await this.findTarget(access, user, memberRef);
    if (!target) throw GroupErrors.memberNotFound();
    if (target.status !== 'active') throw GroupErrors.notActive();
    if (target.role === 'moderator') throw GroupErrors.muteModerator();
    const [row] = await rows<GroupMemberRow>(this.txHost.tx,
      `UPDATE peer_group_member m SET muted_until = $2 WHERE m.id = $1 RETURNING ${GROUP_MEMBER_COLUMNS}`, [target.id, until]);
    await this.audit.record({ action: 'group.member.muted', subjectType: 'group', subjectId: groupId, details: { handle: target.id, until: until.toISOString() } });
    return toGroupMember(row, true);
  }

  /** The group as the caller may see it. */
  async describe(access: GroupAccess): Promise<GroupResponse> {
    const [row] = await this.txHost.tx.query(
      `SELECT ${GROUP_COLUMNS} FROM peer_group g LEFT JOIN peer_group_member m ON m.id = $2 WHERE g.id = $1`,
      [access.groupId, access.membership?.handle ?? null],
    ) as GroupRow[];
    return toGroupResponse(row, access);
  }

  /**
   * A member row of the group by its handle; coordinators may also name the account. Moderators
   * cannot look anyone up by account id: they know members only by handle.
   */
  private async findTarget(access: GroupAccess, user: AuthUser, ref: string): Promise<TargetRow | null> {
    const byAccount = access.isTeamCoordinator || ref === user.id;
    const [row] = await this.txHost.tx.query(
      `SELECT ${GROUP_MEMBER_COLUMNS}, m.user_id FROM peer_group_member m
        WHERE m.group_id = $1 AND (m.id = $2 OR ($3 AND m.user_id = $2))`,
      [access.groupId, ref, byAccount],
    ) as TargetRow[];
    return row ?? null;
  }

  /** Not the person's real name (nor their e-mail address), and not in use in the group by anyone else, now or before. */
  private async checkPseudonym(groupId: string, pseudonym: string, person: { id: string; displayName: string; email: string }, ownHandle: string | null): Promise<void> {
    const email = person.email.toLowerCase();
    if (samePseudonym(pseudonym, person.displayName) || samePseudonym(pseudonym, email) || samePseudonym(pseudonym, email.split('@')[0])) {
      throw GroupErrors.pseudonymIsRealName();
    }
    const [taken] = await this.txHost.tx.query(
      `SELECT 1 FROM peer_group_member WHERE group_id = $1 AND lower(btrim(pseudonym)) = lower(btrim($2)) AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [groupId, pseudonym, ownHandle],
    );
    if (taken) throw GroupErrors.pseudonymTaken();
  }
}
