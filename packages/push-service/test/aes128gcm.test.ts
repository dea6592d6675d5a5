import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptAes128gcm, PushDecryptError } from '../src/index.js';

// RFC 8291 Appendix A: the worked example of an encrypted push message.
const example = {
  plaintext: 'When I grow up, I want to be a watermelon',
  uaPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
  uaPublic:
    'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  authSecret: 'BTBZMqHH6r4Tts7J_aSIgg',
  body: 'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
};
const b64 = (text: string) => Buffer.from(text, 'base64url');
const keys = {
  privateKey: b64(example.uaPrivate),
  publicKey: b64(example.uaPublic),
  auth: b64(example.authSecret),
};

describe('decryptAes128gcm', () => {
  it('decrypts the example of RFC 8291 Appendix A', () => {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(keys.privateKey);
    expect(ecdh.getPublicKey().equals(keys.publicKey)).toBe(true);

    expect(decryptAes128gcm(b64(example.body), keys).toString('utf8')).toBe(example.plaintext);
  });

  it('refuses the example with another auth secret', () => {
    const wrongAuth = { ...keys, auth: Buffer.alloc(16) };
    expect(() => decryptAes128gcm(b64(example.body), wrongAuth)).toThrow(PushDecryptError);
  });

  it('refuses a keyid that is not a 65-byte point and an rs below 18', () => {
    const body = b64(example.body);
    const shortId = Buffer.from(body);
    shortId[20] = 64;
    expect(() => decryptAes128gcm(shortId, keys)).toThrow(/keyid is 64 bytes/);
    const smallRecords = Buffer.from(body);
    smallRecords.writeUInt32BE(17, 16);
    expect(() => decryptAes128gcm(smallRecords, keys)).toThrow(/rs 17/);
  });

  it('refuses a body of several records (RFC 8291 allows one)', () => {
    const body = Buffer.from(b64(example.body));
    body.writeUInt32BE(18, 16);
    expect(() => decryptAes128gcm(body, keys)).toThrow(/more than one record/);
  });
});
