import { describe, expect, it } from 'vitest';
import { EXEMPT, sources } from './console-sources';
import { checkGuards } from './guard-coverage';

describe('every server action and route handler has a guard', () => {
  it('finds the endpoints of the console, each wrapped in a guard', async () => {
    const { endpoints, findings } = checkGuards(await sources(), EXEMPT);
    expect(findings).toEqual([]);
    const names = endpoints.map((endpoint) => `${endpoint.kind} ${endpoint.name}`);
    // A few known ones, so a checker that finds nothing cannot pass.
    expect(names).toEqual(
      expect.arrayContaining([
        'action signUpAction',
        'action changePlanAction',
        'action inviteAction',
        'action recordPaymentAction',
        'route GET',
      ]),
    );
    expect(endpoints.length).toBeGreaterThanOrEqual(20);
  });

  it('reports an action or a route handler without one', () => {
    const { findings } = checkGuards([
      {
        path: 'app/(app)/x/actions.ts',
        text: `'use server';\nexport const ok = withUser(s, async () => null);\nexport async function bad() {}\nexport const alsoBad = async () => null;`,
      },
      {
        path: 'app/(app)/x/route.ts',
        text: 'export async function GET() { return new Response(); }',
      },
      {
        path: 'app/(app)/x/page.tsx',
        text: "export default function Page() { async function save() { 'use server'; } return null; }",
      },
    ]);
    expect(findings.map((finding) => `${finding.file} ${finding.name}`)).toEqual([
      'app/(app)/x/actions.ts bad',
      'app/(app)/x/actions.ts alsoBad',
      'app/(app)/x/route.ts GET',
      'app/(app)/x/page.tsx (inline)',
    ]);
  });
});
