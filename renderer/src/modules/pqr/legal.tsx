/**
 * The legal rules of the company's country as the PQR screens explain them (table pqr_legal_rules,
 * Administración › Términos y causales PQR): loaded once per screen, each shown as its Spanish
 * sentence with its source.
 */
import { Text } from '@mantine/core';
import { send } from '../../api/client';
import type { LegalRule, LegalRuleKey } from '../../../../shared/contract';
import { useLoad } from '../../app/useLoad';

export type RuleBook = Partial<Record<LegalRuleKey, LegalRule>>;

export function useLegalRules(): RuleBook {
  const { data } = useLoad(() => send('pqr.legalRules', {}), []);
  return Object.fromEntries((data ?? []).map((r) => [r.key, r]));
}

/** a rule's value, or the Colombian default while the table loads */
export function ruleDays(rules: RuleBook, key: LegalRuleKey, fallback: number): number {
  return rules[key]?.value ?? fallback;
}

/** "El aviso solo procede … (Ley 1437 de 2011, art. 69)" in small print */
export function RuleNote({ rule, testId }: { rule: LegalRule | undefined; testId?: string }) {
  if (!rule) return null;
  return (
    <Text size="xs" c="dimmed" data-testid={testId}>
      {rule.explanation} ({rule.basis})
    </Text>
  );
}
