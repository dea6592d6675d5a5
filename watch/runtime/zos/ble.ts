/**
 * The Bluetooth link and the Zepp phone app's relay between the watch's `@zos/ble` and the side
 * service's `messaging.peerSocket`, as zml's transport expects them: the watch sends frames with
 * a 16-byte header (flag, version, type, ports, app id, extra), the phone app answers the
 * handshake (type 1) with its side port, strips the header from data (type 4) for the side
 * service and adds it to what the side service sends back. Messages arrive asynchronously; a cut
 * link drops whatever is in flight.
 */
export class BleLink {
  up = true;
  readonly sidePort = 1;
  #deviceReceiver: ((index: number, data: ArrayBuffer, size: number) => void) | undefined;
  #deviceStatus: ((connected: boolean) => void)[] = [];
  #sideListeners: ((data: ArrayBuffer) => void)[] = [];
  inFlight = 0;
  /** Frames the watch sent (data only), for the messages-per-sync count. */
  frames = 0;

  setUp(up: boolean): void {
    if (this.up === up) return;
    this.up = up;
    for (const l of this.#deviceStatus) l(up);
  }

  #deliver(fn: () => void): void {
    this.inFlight++;
    setImmediate(() => {
      this.inFlight--;
      if (this.up) fn();
    });
  }

  /** The watch side: what `@zos/ble` exports. */
  deviceModule() {
    return {
      createConnect: (receiver: (index: number, data: ArrayBuffer, size: number) => void) => {
        this.#deviceReceiver = receiver;
      },
      disConnect: () => {
        this.#deviceReceiver = undefined;
      },
      connectStatus: () => this.up,
      addListener: (fn: (connected: boolean) => void) => {
        this.#deviceStatus.push(fn);
      },
      send: (buffer: ArrayBuffer, size: number): boolean => {
        if (!this.up) return false;
        const frame = Buffer.from(buffer.slice(0, size));
        this.#fromDevice(frame);
        return true;
      },
    };
  }

  #fromDevice(frame: Buffer): void {
    const type = frame.readUInt16LE(2);
    if (type === 1) {
      // Handshake: the phone app answers with the side service's port.
      const answer = Buffer.from(frame);
      answer.writeUInt16LE(this.sidePort, 6);
      this.#deliver(() => this.#toDevice(answer));
    } else if (type === 4) {
      this.frames++;
      const payload = frame.subarray(16);
      const copy = payload.buffer.slice(
        payload.byteOffset,
        payload.byteOffset + payload.byteLength,
      ) as ArrayBuffer;
      this.#deliver(() => {
        for (const l of this.#sideListeners) l(copy);
      });
    }
  }

  #toDevice(frame: Buffer): void {
    const data = frame.buffer.slice(
      frame.byteOffset,
      frame.byteOffset + frame.byteLength,
    ) as ArrayBuffer;
    this.#deviceReceiver?.(0, data, frame.byteLength);
  }

  /** The phone side: `messaging.peerSocket` of the side service. */
  sideMessaging() {
    return {
      peerSocket: {
        addListener: (_event: 'message', fn: (data: ArrayBuffer) => void) => {
          this.#sideListeners.push(fn);
        },
        send: (data: ArrayBuffer) => {
          if (!this.up) return;
          const payload = Buffer.from(data);
          const header = Buffer.alloc(16);
          header.writeUInt8(1, 0);
          header.writeUInt8(1, 1);
          header.writeUInt16LE(4, 2);
          header.writeUInt16LE(20, 4);
          header.writeUInt16LE(this.sidePort, 6);
          const frame = Buffer.concat([header, payload]);
          this.#deliver(() => this.#toDevice(frame));
        },
      },
    };
  }
}
