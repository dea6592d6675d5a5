// The CLI's `fetch` over node:http gives the sync client what it reads of an answer, and fails
// as `fetch` does when the server cannot be reached or does not answer in time.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OfflineError, SyncApi } from '@tagtime/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { httpFetch } from '../src/http-fetch.js';

let server: Server;
let url: string;
const seen: Array<{ method?: string; body: string; auth?: string; type?: string }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({
        method: request.method,
        body,
        auth: request.headers.authorization,
        type: request.headers['content-type'],
      });
      if (request.url === '/slow') return; // never answers
      if (request.url === '/v1/records') {
        response.writeHead(200, { 'content-type': 'application/json', 'x-n': '1' });
        response.end('{"accepted":1,"duplicates":0,"head":5}');
        return;
      }
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":{"code":"not_found","message":"no such route, é"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('sends method, headers and body, and gives back status, headers and text', async () => {
  const answer = await httpFetch(5000)(`${url}/v1/records`, {
    method: 'POST',
    headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
    body: '{"records":["é"]}',
  });
  expect(seen.at(-1)).toEqual({
    method: 'POST',
    body: '{"records":["é"]}',
    auth: 'Bearer t',
    type: 'application/json',
  });
  expect([answer.status, answer.ok, answer.headers.get('X-N')]).toEqual([200, true, '1']);
  expect(await answer.text()).toBe('{"accepted":1,"duplicates":0,"head":5}');
});

it('serves the sync client: an answer and a refusal as SyncApi reads them', async () => {
  const api = new SyncApi(url, 'tok', httpFetch(5000));
  expect(await api.postRecordsJson(['{}'])).toEqual({ accepted: 1, duplicates: 0, head: 5 });
  await expect(api.getHeads()).rejects.toThrow(/failed \(404\): no such route, é/);
});

it('fails like fetch when the server is unreachable or silent', async () => {
  const closed = new SyncApi('http://127.0.0.1:9', 'tok', httpFetch(5000));
  await expect(closed.getHeads()).rejects.toThrow(OfflineError);
  await expect(closed.getHeads()).rejects.toThrow(/ECONNREFUSED/);
  const started = Date.now();
  await expect(httpFetch(200)(`${url}/slow`)).rejects.toMatchObject({
    cause: { code: 'ETIMEDOUT' },
  });
  expect(Date.now() - started).toBeLessThan(5000);
});
