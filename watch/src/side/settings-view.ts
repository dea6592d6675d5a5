import {
  enterClock,
  notePresets,
  quietSummary,
  SETTINGS_REFUSAL,
  type StoredSettings,
} from './settings-input.js';
import { DEFAULT_SERVER, SETTINGS, type SideStatus } from './side-service.js';

/** The settings app's components, globals of its runtime (one function per component). */
type Component = (props: Record<string, unknown>, children?: unknown[] | unknown) => unknown;
declare const View: Component;
declare const Section: Component;
declare const Text: Component;
declare const TextInput: Component;
declare const Button: Component;

export interface SettingsProps {
  settingsStorage: StoredSettings;
}

function readStatus(text: string | null | undefined): SideStatus {
  try {
    return {
      lastSync: null,
      unsynced: null,
      lastError: null,
      pairing: null,
      ...JSON.parse(text || '{}'),
    };
  } catch {
    return { lastSync: null, unsynced: null, lastError: null, pairing: null };
  }
}

function when(ms: number | null): string {
  return ms === null ? 'never' : new Date(ms).toLocaleString();
}

/**
 * Server URL, pairing code, status and unpair. It only writes settings: the side service reacts
 * (a new pairing code pairs through POST /v1/pair; "Unpair" sets `unpair`).
 */
export function settingsView({ settingsStorage: s }: SettingsProps): unknown {
  const status = readStatus(s.getItem(SETTINGS.status));
  const paired = Boolean(s.getItem(SETTINGS.token));
  const rows: unknown[] = [
    Section({ title: 'Server' }, [
      TextInput({
        label: 'Server URL',
        placeholder: DEFAULT_SERVER,
        settingsKey: SETTINGS.server,
        value: s.getItem(SETTINGS.server) || DEFAULT_SERVER,
        onChange: (value: string) => s.setItem(SETTINGS.server, value.trim()),
      }),
    ]),
  ];
  if (paired) {
    rows.push(
      Section({ title: 'Status' }, [
        Text(
          {},
          `Paired as ${s.getItem(SETTINGS.deviceName) || 'watch'} (${s.getItem(SETTINGS.device)})`,
        ),
        Text({}, `Last sync: ${when(status.lastSync)}`),
        Text({}, `Unsynced on the watch: ${status.unsynced ?? 'unknown'}`),
        Text({}, `Last error: ${status.lastError ?? 'none'}`),
        Button({ label: 'Unpair', onClick: () => s.setItem(SETTINGS.unpair, String(Date.now())) }),
      ]),
    );
  } else {
    rows.push(
      Section({ title: 'Pair this watch' }, [
        Text({}, 'In the console: Devices → "Show a pairing code", then enter it here.'),
        TextInput({
          label: 'Pairing code',
          placeholder: 'K7QF2M9P',
          settingsKey: SETTINGS.code,
          onChange: (value: string) => s.setItem(SETTINGS.code, value.trim()),
        }),
        ...(status.pairing ? [Text({}, status.pairing)] : []),
      ]),
    );
  }
  const refusal = s.getItem(SETTINGS_REFUSAL);
  const notes = notePresets(s.getItem(SETTINGS.notes));
  rows.push(
    Section({ title: 'Quiet hours and notes' }, [
      TextInput({
        // No settingsKey on the quiet-hours inputs: it would store what was typed before
        // enterClock could refuse it.
        label: 'Quiet from (HH:MM)',
        value: s.getItem(SETTINGS.quietStart) ?? '',
        onChange: (value: string) => enterClock(s, SETTINGS.quietStart, value, 'Quiet from'),
      }),
      TextInput({
        label: 'Quiet until (HH:MM)',
        value: s.getItem(SETTINGS.quietEnd) ?? '',
        onChange: (value: string) => enterClock(s, SETTINGS.quietEnd, value, 'Quiet until'),
      }),
      ...(refusal ? [Text({ style: { color: '#b00020' } }, refusal)] : []),
      Text({}, quietSummary(s.getItem(SETTINGS.quietStart), s.getItem(SETTINGS.quietEnd))),
      TextInput({
        label: 'Note presets (comma-separated, up to 8)',
        settingsKey: SETTINGS.notes,
        value: notes.join(', '),
        onChange: (value: string) => s.setItem(SETTINGS.notes, value),
      }),
      Text({}, `The watch offers: ${notes.join(' · ')}`),
    ]),
  );
  return View({ style: { padding: '12px' } }, rows);
}
