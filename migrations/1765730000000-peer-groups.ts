import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Peer groups (lotgenotengroepen, issue 19): moderated groups where parents meet under a name they
 * choose for that group. A member row is also the member's opaque handle in the group (its id):
 * other members see that handle and the pseudonym, never the account. A row stays when a member
 * leaves or is removed, so their messages keep their author ("oud-lid"). Pseudonyms are unique per
 * group, case-insensitively and trimmed, also those of former members. A report reaches the group's
 * own moderators first; the team's coordinators see it once it is urgent or 24 hours unanswered.
 */
export class PeerGroups1765730000000 implements MigrationInterface {
  name = 'PeerGroups1765730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE peer_group (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      team_id uuid NOT NULL REFERENCES organisation(id),
      name text NOT NULL,
      theme text NOT NULL,
      region_code text,
      description text NOT NULL,
      rules text NOT NULL,
      open boolean NOT NULL DEFAULT true,
      last_seq bigint NOT NULL DEFAULT 0,
      created_by_id uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX peer_group_team_idx ON peer_group (team_id)`);
    await q.query(`CREATE TABLE peer_group_member (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      group_id uuid NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES app_user(id),
      pseudonym text NOT NULL CHECK (length(btrim(pseudonym)) BETWEEN 2 AND 40),
      role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'moderator')),
      status text NOT NULL CHECK (status IN ('requested', 'active', 'left', 'removed')),
      requested_at timestamptz,
      joined_at timestamptz,
      ended_at timestamptz,
      muted_until timestamptz,
      added_by_id uuid REFERENCES app_user(id),
      UNIQUE (group_id, user_id)
    )`);
    await q.query(`CREATE UNIQUE INDEX peer_group_member_pseudonym_idx ON peer_group_member (group_id, lower(btrim(pseudonym)))`);
    await q.query(`CREATE INDEX peer_group_member_user_idx ON peer_group_member (user_id)`);
    await q.query(`CREATE TABLE peer_group_message (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      group_id uuid NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
      seq bigint NOT NULL,
      member_id uuid NOT NULL REFERENCES peer_group_member(id),
      body text NOT NULL,
      client_message_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      hidden_at timestamptz,
      hidden_by_id uuid REFERENCES app_user(id),
      hidden_reason text,
      UNIQUE (group_id, seq),
      UNIQUE (member_id, client_message_id),
      CHECK ((hidden_at IS NULL) = (hidden_reason IS NULL))
    )`);
    await q.query(`CREATE TABLE peer_group_report (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      group_id uuid NOT NULL REFERENCES peer_group(id) ON DELETE CASCADE,
      message_id uuid NOT NULL REFERENCES peer_group_message(id),
      reporter_member_id uuid NOT NULL REFERENCES peer_group_member(id),
      reason text NOT NULL,
      urgent boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      resolved_by_id uuid REFERENCES app_user(id),
      outcome text CHECK (outcome IN ('message_hidden', 'no_action')),
      UNIQUE (message_id, reporter_member_id),
      CHECK ((resolved_at IS NULL) = (outcome IS NULL))
    )`);
    await q.query(`CREATE INDEX peer_group_report_open_idx ON peer_group_report (created_at) WHERE resolved_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE peer_group_report`);
    await q.query(`DROP TABLE peer_group_message`);
    await q.query(`DROP TABLE peer_group_member`);
    await q.query(`DROP TABLE peer_group`);
  }
}
