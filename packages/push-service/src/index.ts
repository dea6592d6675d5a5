// @tagtime/push-service: a Web Push service stand-in for TESTS AND LOCAL DEVELOPMENT ONLY.
export { decryptAes128gcm, PushDecryptError } from './aes128gcm.js';
export type { PushMessage, WaitOptions } from './message-log.js';
export type { Urgency } from './push-request.js';
export {
  type HeldRequest,
  PushService,
  type PushServiceOptions,
  type PushSubscriptionJSON,
  type Refused,
  type ScriptedAnswer,
  type SubscribeOptions,
  startPushService,
} from './push-service.js';
export { createSubscriptionKeys, type SubscriptionKeys } from './subscription-keys.js';
export { createTestCertificates, type TestCertificates } from './test-ca.js';
export type { VapidIdentity } from './vapid.js';
