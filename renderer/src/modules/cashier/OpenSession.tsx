/** Abrir caja: choose the till, count the opening float by denomination, confirm. */
import { useState } from 'react';
import { Alert, Box, Button, Card, Grid, Select, Stack, Text } from '@mantine/core';
import { IconCashRegister } from '@tabler/icons-react';
import { send } from '../../api/client';
import type { CashSession } from '../../../../shared/contract';
import type { Denomination } from '../../../../shared/denominations';
import { useT } from '../../i18n';
import { useSession } from '../../app/session';
import { useLoad } from '../../app/useLoad';
import { LoadError, Loading } from '../../app/Status';
import { PageTitle } from '../../app/PageTitle';
import { ConfirmModal } from '../../app/ConfirmModal';
import { notifySuccess } from '../../app/forms';
import { DenominationCount, countOf, draftTotal, emptyDraft } from '../../app/DenominationCount';

export function OpenSession({ denominations, onOpened }: { denominations: Denomination[]; onOpened: (session: CashSession) => void }) {
  const t = useT();
  const { user, money } = useSession();
  const { data: tills, error, loading, reload } = useLoad(() => send('tills.list', {}), []);
  const [tillId, setTillId] = useState<string | null>(null);
  const [draft, setDraft] = useState(() => emptyDraft(denominations));
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  if (loading && !tills) return <Loading />;
  if (error || !tills) return error ? <LoadError error={error} retry={() => void reload()} /> : null;
  const mine = tills.filter((till) => till.active && till.officeId === user.officeId);
  // with one free till there is nothing to choose
  const free = mine.filter((x) => x.openBy === null);
  const chosen = tillId ?? (free.length === 1 ? String(free[0].id) : null);
  const till = mine.find((x) => String(x.id) === chosen) ?? null;
  const total = draftTotal(denominations, draft);

  const ask = (event: React.FormEvent) => {
    event.preventDefault();
    if (!till) return setProblem(t('cashier.open.chooseTill'));
    if (till.openBy) return setProblem(t('cashier.open.tillBusy', { name: till.openBy }));
    if (!countOf(denominations, draft)) return setProblem(t('cashier.count.fix'));
    setProblem(null);
    setConfirming(true);
  };

  return (
    <>
      <PageTitle title={t('cashier.open.title')} description={t('cashier.open.description', { office: user.officeName })} />
      {mine.length === 0 ? (
        <Alert color="yellow">{t('cashier.open.noTills')}</Alert>
      ) : (
        <form onSubmit={ask}>
          {/* in the order of the hands: the till, then each denomination (Tab goes down them), then Abrir caja */}
          <Grid>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Card withBorder>
                <Stack>
                  <Select
                    label={t('cashier.open.till')}
                    placeholder={t('cashier.open.tillPlaceholder')}
                    data={mine.map((x) => ({
                      value: String(x.id),
                      label: x.openBy ? t('cashier.open.tillOpenBy', { till: `${x.code} · ${x.name}`, name: x.openBy }) : `${x.code} · ${x.name}`,
                      disabled: x.openBy !== null,
                    }))}
                    value={chosen}
                    onChange={(v) => {
                      setTillId(v);
                      setProblem(null);
                    }}
                    allowDeselect={false}
                    autoFocus={free.length !== 1}
                  />
                  <Text c="dimmed" size="sm">
                    {t('cashier.open.countHint')}
                  </Text>
                  <Text size="xl" fw={700}>
                    {t('cashier.open.float', { amount: money(total) })}
                  </Text>
                </Stack>
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Stack gap="sm">
                <DenominationCount label={t('cashier.open.countLabel')} denominations={denominations} draft={draft} onChange={setDraft} autoFocus={free.length === 1} />
                {problem && (
                  <Alert color="red" role="alert">
                    {problem}
                  </Alert>
                )}
                <Box className="sticky-action">
                  <Button type="submit" size="md" fullWidth leftSection={<IconCashRegister size={20} />}>
                    {t('cashier.open.submit')}
                  </Button>
                </Box>
              </Stack>
            </Grid.Col>
          </Grid>
        </form>
      )}
      <ConfirmModal
        opened={confirming}
        title={t('cashier.open.confirmTitle')}
        confirmLabel={t('cashier.open.submit')}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          const count = countOf(denominations, draft);
          if (!till || !count) return;
          const session = await send('cashier.open', { tillId: till.id, count });
          notifySuccess(t('cashier.open.done', { till: session.tillName, amount: money(session.openingFloat) }));
          onOpened(session);
        }}
      >
        <Text>{till ? t('cashier.open.confirmText', { till: `${till.code} · ${till.name}`, amount: money(total) }) : ''}</Text>
      </ConfirmModal>
    </>
  );
}
