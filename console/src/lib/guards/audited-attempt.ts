import 'server-only';
import { recordAuditEvent, recordRefusal } from '@tagtime/db';
import { db } from '../db';

/** What an audit row says beyond its actor: the action and what it concerns. */
export interface AuditNote {
  action?: string;
  tenantId?: string;
  subjectUserId?: string;
  reason?: string;
}

export interface AuditOptions {
  /** The action's name in the audit trail, e.g. `tenant.invite`. */
  audit?: string;
}

/** Adds to the attempt's audit row (what it concerns, why); written when the outcome is known. */
export type Audit = (note: AuditNote) => void;

/**
 * The audit row of one attempt, written once with its outcome: `ok` after the handler returned
 * (or redirected), `refused` with the code otherwise, so a refused attempt never reads as if it
 * happened. Without an action name (no `{ audit }` on the guard, and none added) nothing is
 * written.
 */
export class AuditedAttempt {
  #note: AuditNote;

  constructor(
    private readonly action: string | undefined,
    private readonly actor: { userId: string; role: string },
    note: AuditNote = {},
  ) {
    this.#note = note;
  }

  readonly add: Audit = (note) => {
    this.#note = { ...this.#note, ...note };
  };

  /** The role the actor turned out to act in (known only once the tenant is read). */
  actingAs(role: string): void {
    this.actor.role = role;
  }

  #row() {
    const { action = this.action, ...concerns } = this.#note;
    return action === undefined
      ? undefined
      : { actorUserId: this.actor.userId, actorRole: this.actor.role, action, ...concerns };
  }

  async ok(): Promise<void> {
    const row = this.#row();
    if (row) await recordAuditEvent(db(), row);
  }

  async refused(code: string): Promise<void> {
    const row = this.#row();
    if (row) await recordRefusal(db(), row, code);
  }
}
