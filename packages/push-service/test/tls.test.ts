import { execFile } from 'node:child_process';
import { Agent } from 'node:https';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { createTestCertificates, type PushService, startPushService } from '../src/index.js';
import { SUBJECT, useService, type VapidKeys } from './helpers.js';

let service: PushService;
let vapid: VapidKeys;
useService((started) => {
  ({ service, vapid } = started);
});

describe('TLS with the test CA', () => {
  it('fails a client that does not trust the test CA, and nothing arrives', async () => {
    const subscription = service.subscribe();

    const sent = webpush.sendNotification(subscription, 'ping', {
      vapidDetails: { subject: SUBJECT, ...vapid },
    });

    await expect(sent).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(service.count(subscription.endpoint)).toBe(0);
    expect(service.refusals(subscription.endpoint)).toEqual([]);
  });

  it('serves a child process that trusts the CA file through NODE_EXTRA_CA_CERTS', async () => {
    const subscription = service.subscribe();
    // The global agent only: what a server started by a test (or npm start) does.
    const child = `
      const webpush = require('web-push');
      const [subscription, vapid] = JSON.parse(process.argv[1]);
      webpush.setVapidDetails(${JSON.stringify(SUBJECT)}, vapid.publicKey, vapid.privateKey);
      webpush.sendNotification(subscription, 'from a child').then(
        (result) => console.log(result.statusCode),
        (error) => { console.error(error); process.exit(1); },
      );`;

    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-e', child, JSON.stringify([subscription, vapid])],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: await service.caFile() } },
    );

    expect(stdout.trim()).toBe('201');
    expect((await service.nextMessage({ endpoint: subscription.endpoint })).text).toBe(
      'from a child',
    );
  });

  it('starts with certificates made earlier, which a sender trusting that CA accepts', async () => {
    const earlier = await createTestCertificates();
    const later = await startPushService({ certificates: earlier });
    try {
      expect(later.caPem).toBe(earlier.caPem);
      const subscription = later.subscribe();
      const sent = await webpush.sendNotification(subscription, 'made earlier', {
        vapidDetails: { subject: SUBJECT, ...vapid },
        agent: new Agent({ ca: earlier.caPem }),
      });
      expect(sent.statusCode).toBe(201);
      expect((await later.nextMessage({ endpoint: subscription.endpoint })).text).toBe(
        'made earlier',
      );
      // The certificates of this file's own service are another CA's: not trusted here.
      const other = webpush.sendNotification(later.subscribe(), 'x', {
        vapidDetails: { subject: SUBJECT, ...vapid },
        agent: new Agent({ ca: service.caPem }),
      });
      await expect(other).rejects.toMatchObject({ code: expect.stringMatching(/CERT|SIGNATURE/) });
    } finally {
      await later.close();
    }
  });
});
