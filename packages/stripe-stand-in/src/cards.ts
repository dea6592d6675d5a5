/**
 * Stripe's documented test cards (https://docs.stripe.com/testing): the numbers that succeed, and
 * those that decline — some when the card is saved, 4000000000000341 only when it is charged.
 */
export interface CardOutcome {
  brand: string;
  /** Refused when saved (Checkout setup, portal). */
  declineOnSetup?: Decline;
  /** Saved fine, refused when charged. */
  declineOnCharge?: Decline;
}

export interface Decline {
  code: string;
  declineCode?: string;
  message: string;
}

const generic: Decline = {
  code: 'card_declined',
  declineCode: 'generic_decline',
  message: 'Your card was declined.',
};

const CARDS: Record<string, CardOutcome> = {
  '4242424242424242': { brand: 'visa' },
  '4000056655665556': { brand: 'visa' },
  '5555555555554444': { brand: 'mastercard' },
  '2223003122003222': { brand: 'mastercard' },
  '378282246310005': { brand: 'amex' },
  '4000000000000002': { brand: 'visa', declineOnSetup: generic },
  '4000000000009995': {
    brand: 'visa',
    declineOnSetup: {
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    },
  },
  '4000000000009987': {
    brand: 'visa',
    declineOnSetup: {
      code: 'card_declined',
      declineCode: 'lost_card',
      message: 'Your card was declined.',
    },
  },
  '4000000000009979': {
    brand: 'visa',
    declineOnSetup: {
      code: 'card_declined',
      declineCode: 'stolen_card',
      message: 'Your card was declined.',
    },
  },
  '4000000000000069': {
    brand: 'visa',
    declineOnSetup: { code: 'expired_card', message: 'Your card has expired.' },
  },
  '4000000000000127': {
    brand: 'visa',
    declineOnSetup: { code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
  },
  '4000000000000119': {
    brand: 'visa',
    declineOnSetup: {
      code: 'processing_error',
      message: 'An error occurred while processing your card. Try again in a little bit.',
    },
  },
  '4000000000000341': { brand: 'visa', declineOnCharge: generic },
};

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** What a typed card does, or the problem with what was typed (as Stripe words it). */
export function readCard(
  input: { number: string; expiry: string; cvc: string },
  now: Date,
):
  | { ok: true; number: string; card: CardOutcome; expMonth: number; expYear: number }
  | { ok: false; decline: Decline } {
  const number = input.number.replace(/[\s-]/g, '');
  if (!/^\d{13,19}$/.test(number) || !luhn(number)) {
    return {
      ok: false,
      decline: { code: 'incorrect_number', message: 'Your card number is incorrect.' },
    };
  }
  const expiry = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/.exec(input.expiry.trim());
  const expMonth = Number(expiry?.[1]);
  const year = Number(expiry?.[2]);
  const expYear = year < 100 ? 2000 + year : year;
  if (!expiry || expMonth < 1 || expMonth > 12) {
    return {
      ok: false,
      decline: { code: 'invalid_expiry_month', message: "Your card's expiration date is invalid." },
    };
  }
  if (expYear * 12 + expMonth < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) {
    return {
      ok: false,
      decline: {
        code: 'invalid_expiry_year',
        message: "Your card's expiration year is in the past.",
      },
    };
  }
  if (!/^\d{3,4}$/.test(input.cvc.trim())) {
    return {
      ok: false,
      decline: { code: 'invalid_cvc', message: "Your card's security code is invalid." },
    };
  }
  const card = CARDS[number] ?? { brand: number.startsWith('4') ? 'visa' : 'unknown' };
  if (card.declineOnSetup) return { ok: false, decline: card.declineOnSetup };
  return { ok: true, number, card, expMonth, expYear };
}
