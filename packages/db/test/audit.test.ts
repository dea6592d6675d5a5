import { describe, expect, it } from 'vitest';
import { isDbError } from '../src/errors.js';
import { listAuditEvents, recordAuditEvent, recordRefusal } from '../src/queries/audit.js';
import { searchAuditTrail } from '../src/queries/audit-trail.js';
import { createTenant } from '../src/queries/tenants.js';
import { makeUser } from './fixtures.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();

describe('recordAuditEvent and listAuditEvents', () => {
  it('records who did what, as which role, on which tenant and user, why', async () => {
    const staff = await makeUser(t.db);
    const customer = await makeUser(t.db);
    const tenant = await createTenant(t.db, {
      name: 'T',
      kind: 'personal',
      ownerUserId: customer.id,
    });
    const at = new Date('2030-04-04T04:04:04.004Z');
    const what = {
      actorUserId: staff.id,
      actorRole: 'support',
      action: 'logs.read',
      tenantId: tenant.id,
      subjectUserId: customer.id,
      reason: 'Ticket #12: pings missing since Monday',
      requestId: 'req-1',
    } as const;
    const event = await recordAuditEvent(t.db, { ...what, at });
    expect(event.id).toBeGreaterThan(0);
    expect(await listAuditEvents(t.db, { subjectUserId: customer.id })).toEqual([
      { id: event.id, ...what, outcome: 'ok', refusalCode: null, createdAt: at },
    ]);
  });

  it('lists newest first, filters, and pages with before', async () => {
    const actor = await makeUser(t.db);
    const ids: number[] = [];
    for (const action of ['a.one', 'a.two', 'a.three']) {
      ids.push(
        (await recordAuditEvent(t.db, { actorUserId: actor.id, actorRole: 'owner', action })).id,
      );
    }
    const all = await listAuditEvents(t.db, { actorUserId: actor.id });
    expect(all.map((e) => e.action)).toEqual(['a.three', 'a.two', 'a.one']);
    const page = await listAuditEvents(t.db, { actorUserId: actor.id, before: ids[2], limit: 1 });
    expect(page.map((e) => e.action)).toEqual(['a.two']);
  });

  it('refuses events without an actor or action, and unknown actors', async () => {
    await expect(
      recordAuditEvent(t.db, { actorUserId: '', actorRole: 'support', action: 'x' }),
    ).rejects.toSatisfy((error) => isDbError(error, 'invalid_input'));
    const actor = await makeUser(t.db);
    await expect(
      recordAuditEvent(t.db, { actorUserId: actor.id, actorRole: 'support', action: '' }),
    ).rejects.toSatisfy((error) => isDbError(error, 'invalid_input'));
    await expect(
      recordAuditEvent(t.db, { actorUserId: 'usr_nobody', actorRole: 'support', action: 'x' }),
    ).rejects.toThrow('Invalid audit event: its actor, tenant or subject user does not exist.');
    await expect(
      recordAuditEvent(t.db, {
        actorUserId: actor.id,
        actorRole: 'support',
        action: 'x',
        tenantId: 'ten_nowhere',
      }),
    ).rejects.toSatisfy((error) => isDbError(error, 'invalid_input'));
  });

  it('is append-only: the database refuses updates and deletes', async () => {
    const actor = await makeUser(t.db);
    const event = await recordAuditEvent(t.db, {
      actorUserId: actor.id,
      actorRole: 'staff-admin',
      action: 'x',
    });
    await expect(
      t.handle.pool.query('update audit_events set reason = ? where id = ?', ['edited', event.id]),
    ).rejects.toThrow('audit_events is append-only: rows cannot be updated');
    await expect(
      t.handle.pool.query('delete from audit_events where id = ?', [event.id]),
    ).rejects.toThrow('audit_events is append-only: rows cannot be deleted');
    expect(await listAuditEvents(t.db, { actorUserId: actor.id })).toHaveLength(1);
  });
});

describe('refused actions', () => {
  it('are recorded as refused, with the code that refused them', async () => {
    const actor = await makeUser(t.db);
    const tenant = await createTenant(t.db, { name: 'R', kind: 'team', ownerUserId: actor.id });
    const refused = await recordRefusal(
      t.db,
      { actorUserId: actor.id, actorRole: 'member', action: 'tenant.invite', tenantId: tenant.id },
      'forbidden',
    );
    const [listed] = await listAuditEvents(t.db, { actorUserId: actor.id });
    expect(listed).toMatchObject({
      id: refused.id,
      action: 'tenant.invite',
      tenantId: tenant.id,
      outcome: 'refused',
      refusalCode: 'forbidden',
    });
  });

  it('keep ids that name nothing (a forged form) in the reason, and are still recorded', async () => {
    const actor = await makeUser(t.db);
    await recordRefusal(
      t.db,
      {
        actorUserId: actor.id,
        actorRole: 'none',
        action: 'tenant.invite',
        tenantId: 'ten_forged',
        reason: 'invite x@example.test',
      },
      'not_found',
    );
    const [listed] = await listAuditEvents(t.db, { actorUserId: actor.id });
    expect(listed).toMatchObject({
      tenantId: null,
      outcome: 'refused',
      refusalCode: 'not_found',
      reason: 'invite x@example.test (named tenant ten_forged, which may not exist)',
    });
  });

  it('a refused event needs its code, and an ok one has none (the input and the database)', async () => {
    const actor = await makeUser(t.db);
    const base = { actorUserId: actor.id, actorRole: 'owner', action: 'x' };
    await expect(recordAuditEvent(t.db, { ...base, outcome: 'refused' })).rejects.toSatisfy(
      (error) => isDbError(error, 'invalid_input'),
    );
    await expect(recordAuditEvent(t.db, { ...base, refusalCode: 'forbidden' })).rejects.toSatisfy(
      (error) => isDbError(error, 'invalid_input'),
    );
    await expect(
      t.handle.pool.query(
        "insert into audit_events (actor_user_id, actor_role, action, outcome, created_at) values (?, 'owner', 'x', 'refused', now())",
        [actor.id],
      ),
    ).rejects.toThrow(/audit_events_refusal_code/);
    expect(await listAuditEvents(t.db, { actorUserId: actor.id })).toEqual([]);
  });
});

describe('searchAuditTrail', () => {
  it('names the actor, the tenant and the subject', async () => {
    const actor = await makeUser(t.db, { name: 'Audit Actor' });
    const subject = await makeUser(t.db, { name: 'Audit Subject' });
    const tenant = await createTenant(t.db, {
      name: 'Audited Team',
      kind: 'team',
      ownerUserId: actor.id,
    });
    await recordAuditEvent(t.db, {
      actorUserId: actor.id,
      actorRole: 'owner',
      action: 'tenant.remove_member',
      tenantId: tenant.id,
      subjectUserId: subject.id,
    });
    const [event] = (await searchAuditTrail(t.db, { actor: actor.id })).events;
    expect(event).toMatchObject({
      actorName: 'Audit Actor',
      tenantName: 'Audited Team',
      subjectName: 'Audit Subject',
      action: 'tenant.remove_member',
      outcome: 'ok',
      refusalCode: null,
    });
  });
});
