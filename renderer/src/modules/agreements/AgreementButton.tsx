/** «Acuerdo de pago»: opens the simulator for an account (the account page, the cashier's desk). */
import { Button } from '@mantine/core';
import { IconFileDollar } from '@tabler/icons-react';
import { useT } from '../../i18n';
import { navigate, paths } from '../../app/router';

export function AgreementButton({ accountId, byPhone = false, size = 'xs' }: { accountId: number; byPhone?: boolean; size?: 'xs' | 'sm' }) {
  const t = useT();
  return (
    <Button variant="light" size={size} leftSection={<IconFileDollar size={16} />} onClick={() => navigate(paths.agreementNew(accountId, byPhone))} w="fit-content" data-testid="agreement-new">
      {t('agreements.open')}
    </Button>
  );
}
