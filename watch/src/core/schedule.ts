import { type Schedule, type ScheduleName, scheduleNamed } from '@tagtime/ping';

const schedules = new Map<ScheduleName, Schedule>();

/**
 * One schedule per name for the app's lifetime: a schedule keeps its last position, so after the
 * first (cold) query from a checkpoint the next ones cost a few steps.
 */
export function scheduleFor(name: ScheduleName): Schedule {
  let schedule = schedules.get(name);
  if (!schedule) {
    schedule = scheduleNamed(name);
    schedules.set(name, schedule);
  }
  return schedule;
}
