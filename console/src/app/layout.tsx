import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'TagTime Data', template: '%s · TagTime Data' },
  description: 'Answer TagTime pings anywhere; manage your account, devices and billing.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce (src/proxy.ts).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {/* Each console layout brings its Toaster; the pinger's pages carry no toast code. */}
        {children}
      </body>
    </html>
  );
}
