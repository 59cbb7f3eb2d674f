/**
 * The files that hold money and legal rules, each with the test files that exercise it. Stryker
 * runs only these tests against each file's mutants (and, with per-test coverage, only the tests
 * that reach the mutated line).
 */
export interface MutationTarget {
  file: string;
  tests: string[];
}

export const TARGETS: MutationTarget[] = [
  { file: 'shared/allocation.ts', tests: ['tests/unit/allocation.test.ts', 'tests/integration/cashier-payments.test.ts'] },
  {
    file: 'shared/business-days.ts',
    tests: ['tests/unit/business-days.test.ts', 'tests/unit/pqr-deadlines.test.ts', 'tests/integration/calendar.test.ts', 'tests/integration/pqr-deadlines.test.ts'],
  },
  {
    file: 'electron/core/modules/cashier/closing.ts',
    tests: [
      'tests/integration/cash-difference-limit.test.ts',
      'tests/integration/cashier-sessions.test.ts',
      'tests/integration/cashier-voids.test.ts',
      'tests/integration/documents-session-report.test.ts',
      'tests/integration/cashier-papers.test.ts',
    ],
  },
  {
    file: 'electron/core/modules/cashier/record.ts',
    tests: [
      'tests/integration/payment-record.test.ts',
      'tests/integration/cashier-payments.test.ts',
      'tests/integration/cashier-voids.test.ts',
      'tests/integration/charges.test.ts',
      'tests/integration/bankfiles.test.ts',
    ],
  },
  {
    file: 'electron/core/modules/cashier/voids.ts',
    tests: ['tests/integration/void-effects.test.ts', 'tests/integration/cashier-voids.test.ts', 'tests/integration/sensitive-acts.test.ts', 'tests/integration/documents-cashier.test.ts'],
  },
  {
    file: 'electron/core/modules/pqr/deadlines.ts',
    tests: ['tests/unit/pqr-deadlines.test.ts', 'tests/unit/pqr-deadlines-edges.test.ts', 'tests/integration/pqr-deadlines.test.ts', 'tests/integration/pqr-work.test.ts'],
  },
  {
    file: 'electron/core/modules/bankfiles/asobancaria.ts',
    // the unit tests only: the fuzzing property test takes two minutes per run and the bank-file
    // integration tests cover every line of the reader, so with them 523 mutants take a day
    tests: ['tests/unit/asobancaria.test.ts', 'tests/unit/asobancaria-edges.test.ts'],
  },
  // the contact rules of collections (issue 15): when and how a debtor may be contacted
  { file: 'shared/contactRules.ts', tests: ['tests/unit/contact-rules.test.ts'] },
  // payment agreements (issue 16): the schedule, the terms' checks and what an agreement does to the balances
  { file: 'shared/agreementSchedule.ts', tests: ['tests/unit/agreement-schedule.test.ts'] },
  { file: 'electron/core/modules/agreements/terms.ts', tests: ['tests/integration/agreements.test.ts'] },
  {
    file: 'electron/core/modules/agreements/lifecycle.ts',
    tests: ['tests/integration/agreements.test.ts', 'tests/integration/agreements-money.property.test.ts', 'tests/integration/agreements-papers.test.ts', 'tests/integration/agreements-screens.test.ts'],
  },
];
