import type { Metadata } from 'next';
import type { ReactNode } from 'react';

// The page is a client component, which cannot export metadata; its title is set here.
export const metadata: Metadata = { title: 'Choose a new password' };

export default function Layout({ children }: { children: ReactNode }) {
  return children;
}
