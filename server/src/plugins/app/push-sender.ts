import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PushSender } from '../../push/push-sender.js';

/**
 * The Web Push sender (server/README.md, Web Push) as `app.pushSender`, when VAPID keys are
 * configured. server.ts starts it once the process listens, so apps built in-process for tests
 * never run it unless a test says so. It stops before the app's resources close.
 */
async function pushSender(app: FastifyInstance): Promise<void> {
  const { vapid } = app.config.push;
  const sender = vapid
    ? new PushSender({
        db: app.db,
        store: app.store,
        config: { ...app.config.push, vapid },
        log: app.log,
      })
    : undefined;
  app.decorate('pushSender', sender);
  app.addHook('preClose', async () => {
    await sender?.stop();
  });
}

export default fp(pushSender, { name: 'push-sender', dependencies: ['resources'] });
