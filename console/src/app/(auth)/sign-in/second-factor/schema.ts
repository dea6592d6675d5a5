import { z } from 'zod';

export const codeSchema = z.object({
  method: z.enum(['totp', 'recovery']),
  code: z.string().trim().min(6, 'Type the code.').max(40, 'That code is too long.'),
});

/** A WebAuthn answer as @simplewebauthn/browser makes it; the library checks the rest. */
export const passkeyAnswerSchema = z.object({
  answer: z
    .object({ id: z.string().max(1024), rawId: z.string().max(1024), type: z.string().max(40) })
    .passthrough()
    .refine((answer) => JSON.stringify(answer).length <= 16_384, 'That answer is too large.'),
});

export const passkeyRegistrationSchema = passkeyAnswerSchema.extend({
  name: z.string().trim().min(1, 'Name the passkey.').max(100),
});
