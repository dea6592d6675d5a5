import { DEVICE_KINDS } from '@tagtime/log/protocol';
import { describe, expect, it } from 'vitest';
import { deviceKindValues } from '../src/schema/devices.js';

describe('device kinds', () => {
  it('are the sync protocol’s kinds', () => {
    expect([...deviceKindValues]).toEqual([...DEVICE_KINDS]);
  });
});
