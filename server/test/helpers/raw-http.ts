import { connect, type Socket } from 'node:net';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses the first HTTP/1.1 answer in `text` (Content-Length framed, as our errors are). */
export function parseAnswer(text: string): RawAnswer {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no complete answer in ${JSON.stringify(text.slice(0, 300))}`);
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? Number.NaN);
  const rest = text.slice(end + 4);
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: Number.isNaN(length) ? rest : Buffer.from(rest).subarray(0, length).toString(),
  };
}

/** Opens a TCP connection to the server of `url` (http://host:port). */
function openSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Writes `request` as is (bytes a normal client would never send) and collects what comes back
 * until the server closes the connection or `ms` pass.
 */
export async function rawExchange(url: string, request: string | Buffer, ms = 10_000) {
  const socket = await openSocket(url);
  return new Promise<{ text: string; closed: boolean }>((resolve) => {
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, ms);
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.write(request);
  });
}
