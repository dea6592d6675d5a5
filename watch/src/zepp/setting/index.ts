import { type SettingsProps, settingsView } from '../../side/settings-view.js';

/** The settings app inside the Zepp phone app (rebuilt whenever settingsStorage changes). */
AppSettingsPage({
  build(props: SettingsProps) {
    return settingsView(props);
  },
});
