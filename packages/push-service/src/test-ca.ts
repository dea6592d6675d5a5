// A throwaway certificate authority and a server certificate for 127.0.0.1, made fresh at every
// start. TEST/DEV ONLY: the CA's private key is never written anywhere and dies with the process,
// but anything that trusts its certificate trusts whoever ran this code.
// @peculiar/x509 2.x needs a Reflect metadata polyfill loaded before it (its README says so).
import 'reflect-metadata';
import { KeyObject, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const VALID_FOR_MS = 7 * 24 * 60 * 60 * 1000;
// A client whose clock is a little behind ours must not see a certificate from the future.
const BACKDATE_MS = 60 * 60 * 1000;

export interface TestCertificates {
  /** The test CA's certificate, for clients to trust (https.Agent `ca`, NODE_EXTRA_CA_CERTS). */
  caPem: string;
  /** The server certificate for 127.0.0.1, ::1 and localhost, signed by the test CA. */
  certPem: string;
  /** The server certificate's private key (PKCS #8). */
  keyPem: string;
}

export async function createTestCertificates(now = new Date()): Promise<TestCertificates> {
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(now.getTime() + VALID_FOR_MS);
  const caKeys = await webcrypto.subtle.generateKey(P256, false, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: 'CN=TagTime push-service stand-in TEST CA (trust in tests only)',
    notBefore,
    notAfter,
    signingAlgorithm: P256,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const serverKeys = await webcrypto.subtle.generateKey(P256, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: 'CN=127.0.0.1',
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingAlgorithm: P256,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
        { type: 'dns', value: 'localhost' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const keyPem = KeyObject.from(serverKeys.privateKey).export({ type: 'pkcs8', format: 'pem' });
  return { caPem: ca.toString('pem'), certPem: cert.toString('pem'), keyPem: String(keyPem) };
}

// A positive DER integer: the leading byte stays below 0x80.
function serialNumber(): string {
  return `01${randomBytes(8).toString('hex')}`;
}
