import WebSocket from 'ws';
import type { ServerProcess } from '../src/testing/server-process.js';

/**
 * The bench's view into a server started with `--inspect=127.0.0.1:0` (see `inspectorEnv`):
 * a full garbage collection before each memory reading, so "memory per stream" counts what the
 * streams hold, not garbage the last burst of requests left for the next collection.
 */
export class ServerInspector {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
      if (message.id === undefined) return;
      this.waiting.get(message.id)?.(message.result);
      this.waiting.delete(message.id);
    });
  }

  /** One inspector per process of the server (a cluster's primary and each worker). */
  static async connectAll(server: ServerProcess): Promise<ServerInspector[]> {
    const urls = [...server.output().matchAll(/Debugger listening on (ws:\/\/\S+)/g)];
    if (urls.length === 0) throw new Error('the server was not started with --inspect');
    return Promise.all(urls.map((match) => ServerInspector.connect(match[1] as string)));
  }

  static async connect(url: string): Promise<ServerInspector> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new ServerInspector(socket);
  }

  private call(method: string, params: object = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** `process.memoryUsage()` of the server after a full collection, in bytes. */
  async memoryAfterGc(): Promise<NodeJS.MemoryUsage> {
    await this.call('HeapProfiler.collectGarbage');
    const answer = (await this.call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result: { value: string } };
    return JSON.parse(answer.result.value) as NodeJS.MemoryUsage;
  }

  /** Starts the V8 CPU profiler in the server (`stopProfile` ends it). */
  async startProfile(): Promise<void> {
    await this.call('Profiler.enable');
    await this.call('Profiler.start');
  }

  /** Ends the CPU profile started by `startProfile`; its `.cpuprofile` JSON text. */
  async stopProfile(): Promise<string> {
    const { profile } = (await this.call('Profiler.stop')) as { profile: unknown };
    return JSON.stringify(profile);
  }

  close(): void {
    this.socket.close();
  }
}

/** The environment that makes a bench server listen for the inspector on loopback. */
export function inspectorEnv(): NodeJS.ProcessEnv {
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:0`.trim() };
}
