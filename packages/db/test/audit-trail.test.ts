import { describe, expect, it } from 'vitest';
import { isDbError } from '../src/errors.js';
import { recordAuditEvent, recordRefusal } from '../src/queries/audit.js';
import { auditIntentRead } from '../src/queries/audit-intents.js';
import { searchAuditTrail } from '../src/queries/audit-trail.js';
import { makeUser } from './fixtures.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();

describe('auditIntentRead: one row per staff intent', () => {
  it('writes the row on the first read and counts the later ones, even at once', async () => {
    const staff = await makeUser(t.db);
    const subject = await makeUser(t.db);
    const read = {
      intentId: `int-${staff.id}`,
      actorUserId: staff.id,
      actorRole: 'support',
      action: 'logs.read',
      subjectUserId: subject.id,
      reason: 'Ticket #9',
    };
    const answers = await Promise.all([1, 2, 3].map(() => auditIntentRead(t.db, read)));
    expect(answers.filter((a) => a.first)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.eventId)).size).toBe(1);
    const { events } = await searchAuditTrail(t.db, { actor: staff.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ reason: 'Ticket #9', reads: 3, action: 'logs.read' });
  });

  it('refuses an intent named for another staff member or subject', async () => {
    const staff = await makeUser(t.db);
    const other = await makeUser(t.db);
    const subject = await makeUser(t.db);
    const base = {
      actorRole: 'support',
      action: 'logs.read',
      reason: 'r',
      intentId: `x-${staff.id}`,
    };
    await auditIntentRead(t.db, { ...base, actorUserId: staff.id, subjectUserId: subject.id });
    const stolen = auditIntentRead(t.db, {
      ...base,
      actorUserId: other.id,
      subjectUserId: subject.id,
    });
    await expect(stolen).rejects.toSatisfy((e) => isDbError(e, 'forbidden'));
    const elsewhere = auditIntentRead(t.db, {
      ...base,
      actorUserId: staff.id,
      subjectUserId: other.id,
    });
    await expect(elsewhere).rejects.toSatisfy((e) => isDbError(e, 'forbidden'));
    expect((await searchAuditTrail(t.db, { actor: other.id })).events).toHaveLength(0);
  });

  it('refuses a malformed intent id and writes nothing', async () => {
    const staff = await makeUser(t.db);
    const bad = auditIntentRead(t.db, {
      intentId: 'no spaces!',
      actorUserId: staff.id,
      actorRole: 'support',
      action: 'logs.read',
    });
    await expect(bad).rejects.toSatisfy((e) => isDbError(e, 'invalid_input'));
    expect((await searchAuditTrail(t.db, { actor: staff.id })).events).toHaveLength(0);
  });
});

describe('searchAuditTrail', () => {
  it('pages by (time, id) without gaps or repeats and filters every way', async () => {
    const actor = await makeUser(t.db);
    const subject = await makeUser(t.db);
    const at = new Date('2031-01-01T00:00:00.000Z');
    for (let i = 0; i < 7; i += 1) {
      // Pairs share a time, so the id must break ties.
      await recordAuditEvent(t.db, {
        actorUserId: actor.id,
        actorRole: 'owner',
        action: i % 2 ? 'tenant.invite' : 'member.removed',
        subjectUserId: i < 3 ? subject.id : null,
        reason: `case ${i}${i === 5 ? ' 100%_done' : ''}`,
        at: new Date(at.getTime() + Math.floor(i / 2) * 1000),
      });
    }
    await recordRefusal(
      t.db,
      { actorUserId: actor.id, actorRole: 'none', action: 'tenant.invite' },
      'forbidden',
    );
    const seen: { id: number; createdAt: Date }[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchAuditTrail(t.db, {
        actor: actor.email,
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.events);
      cursor = page.next;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen.map((e) => e.id)).size).toBe(8);
    for (let i = 1; i < seen.length; i += 1) {
      const [a, b] = [seen[i - 1], seen[i]] as [(typeof seen)[0], (typeof seen)[0]];
      const newer = a.createdAt > b.createdAt || (+a.createdAt === +b.createdAt && a.id > b.id);
      expect(newer).toBe(true);
    }
    const count = async (filter: object) =>
      (await searchAuditTrail(t.db, { actor: actor.id, ...filter })).events.length;
    expect(await count({ subject: subject.email })).toBe(3);
    expect(await count({ action: 'tenant.invite' })).toBe(4);
    expect(await count({ action: 'member.*' })).toBe(4);
    expect(await count({ outcome: 'refused' })).toBe(1);
    expect(await count({ q: 'forbid' })).toBe(1);
    expect(await count({ q: '100%_' })).toBe(1);
    expect(await count({ q: '%' })).toBe(1);
    expect(
      await count({ from: new Date(at.getTime() + 1000), to: new Date(at.getTime() + 2000) }),
    ).toBe(4);
  });

  it('refuses a page position it never made', async () => {
    const bad = searchAuditTrail(t.db, { cursor: "1' or 1=1" });
    await expect(bad).rejects.toSatisfy((e) => isDbError(e, 'invalid_input'));
  });
});
