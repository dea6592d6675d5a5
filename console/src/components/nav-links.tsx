import Link from 'next/link';
import type { ReactNode } from 'react';
import type { NavigationItem } from '@/config/navigation';

/** A header's navigation: the items of `config/navigation.ts` as links, then any extras. */
export function NavLinks({
  label,
  items,
  linkClassName,
  children,
}: {
  label: string;
  items: readonly NavigationItem[];
  linkClassName: string;
  children?: ReactNode;
}) {
  return (
    <nav className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label={label}>
      {items.map((item) => (
        <Link
          key={item.testId}
          href={item.href}
          className={linkClassName}
          data-testid={item.testId}
        >
          {item.label}
        </Link>
      ))}
      {children}
    </nav>
  );
}
