'use client';

import { type ButtonHTMLAttributes, useEffect, useState } from 'react';
import { Button } from './ui';

/**
 * A form's submit button, disabled until the page is hydrated: a click before then would make
 * the browser submit the form natively (a reload, with the fields in the URL).
 */
export function SubmitButton({
  disabled,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'danger' }) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return <Button type="submit" disabled={!hydrated || disabled} {...props} />;
}
