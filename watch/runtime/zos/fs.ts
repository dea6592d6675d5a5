import * as nodeFs from 'node:fs';
import { join } from 'node:path';

interface Transfer {
  fd: number;
  buffer: ArrayBuffer;
  options?: { offset?: number; length?: number; position?: number | null };
}

type NodeTransfer = (
  fd: number,
  view: Uint8Array,
  offset: number,
  length: number,
  position: number | null,
) => number;

/** `readSync` or `writeSync` of `@zos/fs`: the same arguments, only the direction differs. */
function transfer(io: NodeTransfer) {
  return ({ fd, buffer, options = {} }: Transfer): number => {
    const view = new Uint8Array(buffer);
    const { offset = 0, length = view.length, position = null } = options;
    return io(fd, view, offset, length, position);
  };
}

/** `@zos/fs` over a real folder (the app's data folder): the same flags, shapes and returns. */
export function zosFs(dataDir: string) {
  nodeFs.mkdirSync(dataDir, { recursive: true });
  const at = (path: string) => join(dataDir, path.replace(/^data:\/\//, ''));
  const O = {
    O_RDONLY: 0,
    O_WRONLY: 1,
    O_RDWR: 2,
    O_APPEND: 8,
    O_CREAT: 0x200,
    O_EXCL: 0x800,
    O_TRUNC: 0x400,
  };
  const nodeFlags = (flag = 0): number => {
    let f = flag & 3; // access mode bits are the same numbers in Node
    if (flag & O.O_APPEND) f |= nodeFs.constants.O_APPEND;
    if (flag & O.O_CREAT) f |= nodeFs.constants.O_CREAT;
    if (flag & O.O_EXCL) f |= nodeFs.constants.O_EXCL;
    if (flag & O.O_TRUNC) f |= nodeFs.constants.O_TRUNC;
    return f;
  };
  const fdOf = (o: number | { fd: number }) => (typeof o === 'number' ? o : o.fd);
  return {
    ...O,
    openSync({ path, flag }: { path: string; flag?: number }): number {
      return nodeFs.openSync(at(path), nodeFlags(flag), 0o644);
    },
    closeSync(o: number | { fd: number }): number {
      nodeFs.closeSync(fdOf(o));
      return 0;
    },
    statSync({ path }: { path: string }): { size: number } | undefined {
      try {
        return { size: nodeFs.statSync(at(path)).size };
      } catch {
        return undefined; // as on the watch: no throw for a missing file
      }
    },
    readSync: transfer(nodeFs.readSync),
    writeSync: transfer(nodeFs.writeSync),
    rmSync(o: string | { path: string }): number {
      nodeFs.rmSync(at(typeof o === 'string' ? o : o.path), { force: true });
      return 0;
    },
    renameSync({ oldPath, newPath }: { oldPath: string; newPath: string }): number {
      nodeFs.renameSync(at(oldPath), at(newPath));
      return 0;
    },
    mkdirSync(o: string | { path: string }): number {
      nodeFs.mkdirSync(at(typeof o === 'string' ? o : o.path), { recursive: true });
      return 0;
    },
    readdirSync({ path }: { path: string }): string[] | undefined {
      try {
        return nodeFs.readdirSync(at(path));
      } catch {
        return undefined;
      }
    },
  };
}
