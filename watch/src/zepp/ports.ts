import * as alarm from '@zos/alarm';
import * as fs from '@zos/fs';
import { Time } from '@zos/sensor';
import { LocalStorage } from '@zos/storage';
import type { FileStore } from '../core/files.js';
import type { WatchPorts } from '../core/watch-app.js';

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** `@zos/fs` as the log's file port; paths are inside the app's data folder. */
export const zosFiles: FileStore = {
  read(path) {
    const stat = fs.statSync({ path });
    if (!stat) return undefined;
    const buffer = new ArrayBuffer(stat.size);
    if (stat.size === 0) return new Uint8Array(0);
    const fd = fs.openSync({ path, flag: fs.O_RDONLY });
    try {
      const read = fs.readSync({
        fd,
        buffer,
        options: { offset: 0, length: stat.size, position: 0 },
      });
      return new Uint8Array(buffer, 0, read);
    } finally {
      fs.closeSync({ fd });
    }
  },
  append(path, bytes) {
    const fd = fs.openSync({ path, flag: fs.O_WRONLY | fs.O_CREAT | fs.O_APPEND });
    try {
      const written = fs.writeSync({ fd, buffer: toArrayBuffer(bytes) });
      if (written !== bytes.length) throw new Error(`wrote ${written} of ${bytes.length} bytes`);
    } finally {
      fs.closeSync({ fd });
    }
  },
  write(path, bytes) {
    const fd = fs.openSync({ path, flag: fs.O_WRONLY | fs.O_CREAT | fs.O_TRUNC });
    try {
      const written = fs.writeSync({ fd, buffer: toArrayBuffer(bytes) });
      if (written !== bytes.length) throw new Error(`wrote ${written} of ${bytes.length} bytes`);
    } finally {
      fs.closeSync({ fd });
    }
  },
  rename(from, to) {
    if (fs.renameSync({ oldPath: from, newPath: to }) !== 0)
      throw new Error(`rename ${from} failed`);
  },
  remove(path) {
    if (fs.statSync({ path })) fs.rmSync({ path });
  },
  exists(path) {
    return fs.statSync({ path }) !== undefined;
  },
};

/** Minutes east of UTC, from the watch's own wall clock (the phone sets its zone). */
export function zoneOffsetMinutes(time: Time = new Time()): number {
  const local = Date.UTC(
    time.getFullYear(),
    time.getMonth() - 1,
    time.getDate(),
    time.getHours(),
    time.getMinutes(),
  );
  const utcMinute = Math.floor(time.getTime() / 60000) * 60000;
  return Math.round((local - utcMinute) / 60000);
}

/** The watch app's ports on a real watch; `request` is wired by the page that is showing. */
export function zosPorts(): WatchPorts {
  const storage = new LocalStorage();
  return {
    files: zosFiles,
    storage: {
      getItem: (key) => storage.getItem(key),
      setItem: (key, value) => storage.setItem(key, value),
    },
    alarms: {
      set: (option) => alarm.set(option),
      cancel: (id) => {
        alarm.cancel({ id });
      },
      list: () => alarm.getAllAlarms(),
    },
    now: () => Date.now(),
    offsetMinutes: () => zoneOffsetMinutes(),
    request: () => Promise.reject({ code: 'offline', message: 'no page is showing' }),
  };
}
