/** Which screen a path shows, after checking the role may open it. */
import { Alert, Button, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconHourglassEmpty, IconLock } from '@tabler/icons-react';
import { useT } from '../i18n';
import { homeFor, navItemFor, rolesFor } from './nav';
import { accountIdOf, agreementIdOf, agreementNewOf, campaignIdOf, cashierAccountIdOf, correspondenceIdOf, liquidationIdOf, navigate, paths, pqrIdOf, surveyAnswerOf, surveyIdOf } from './router';
import { useSession } from './session';
import { AccountSearchPage } from '../modules/accounts/AccountSearchPage';
import { AccountPage } from '../modules/accounts/AccountPage';
import { ImportPage } from '../modules/imports/ImportPage';
import { UsersPage } from '../modules/admin/UsersPage';
import { OfficesPage } from '../modules/admin/OfficesPage';
import { CalendarPage } from '../modules/admin/CalendarPage';
import { SettingsPage } from '../modules/admin/SettingsPage';
import { CompanyPage } from '../modules/admin/CompanyPage';
import { BackupsPage } from '../modules/admin/BackupsPage';
import { DatabasePage } from '../modules/admin/DatabasePage';
import { ComputerPage } from '../modules/desktop/ComputerPage';
import { MailSettingsPage } from '../modules/mail/MailSettingsPage';
import { CashierPage } from '../modules/cashier/CashierPage';
import { CashSessionsPage } from '../modules/cashier/CashSessionsPage';
import { BankFilesPage } from '../modules/bankfiles/BankFilesPage';
import { UnidentifiedPage } from '../modules/bankfiles/UnidentifiedPage';
import { RecaudoReportPage } from '../modules/reports/RecaudoReportPage';
import { PazYSalvoCheckPage } from '../modules/pazysalvo/PazYSalvoCheckPage';
import { TillsPage } from '../modules/admin/TillsPage';
import { ChargeItemsPage } from '../modules/admin/ChargeItemsPage';
import { PqrTrayPage } from '../modules/pqr/PqrTrayPage';
import { PqrFilePage } from '../modules/pqr/PqrFilePage';
import { PqrDetailPage } from '../modules/pqr/PqrDetailPage';
import { PqrTablesPage } from '../modules/pqr/PqrTablesPage';
import { PettyCashPage } from '../modules/pettycash/PettyCashPage';
import { CorrespondencePage } from '../modules/pqr/CorrespondencePage';
import { PqrReportsPage } from '../modules/pqr/PqrReportsPage';
import { InvoicePrintingPage } from '../modules/printing/InvoicePrintingPage';
import { NoticesPage } from '../modules/notices/NoticesPage';
import { CollectionsDeskPage } from '../modules/collections/CollectionsDeskPage';
import { PortfolioPage } from '../modules/collections/PortfolioPage';
import { CampaignsPage } from '../modules/collections/CampaignsPage';
import { CampaignNewPage } from '../modules/collections/CampaignNewPage';
import { CampaignPage } from '../modules/collections/CampaignPage';
import { CommitmentsPage } from '../modules/collections/CommitmentsPage';
import { CollectionsReportPage } from '../modules/collections/CollectionsReportPage';
import { CommissionsPage } from '../modules/collections/CommissionsPage';
import { LiquidationPage } from '../modules/collections/LiquidationPage';
import { FieldHandoffsPage } from '../modules/collections/FieldHandoffsPage';
import { CollectionsSettingsPage } from '../modules/collections/CollectionsSettingsPage';
import { LetterTemplatesPage } from '../modules/notices/LetterTemplatesPage';
import { PrintersPage } from '../modules/printing/PrintersPage';
import { PrintLogPage } from '../modules/printing/PrintLogPage';
import { ApprovalsPage } from '../modules/approvals/ApprovalsPage';
import { WorkOrdersPage } from '../modules/workorders/WorkOrdersPage';
import { AgreementSimulatorPage } from '../modules/agreements/AgreementSimulatorPage';
import { AgreementPage } from '../modules/agreements/AgreementPage';
import { AgreementsReportPage } from '../modules/agreements/AgreementsReportPage';
import { ExchangePage } from '../modules/exchange/ExchangePage';
import { IndicatorsPage } from '../modules/indicators/IndicatorsPage';
import { SurveysPage } from '../modules/surveys/SurveysPage';
import { SurveyNewPage } from '../modules/surveys/SurveyNewPage';
import { SurveyAnswerPage } from '../modules/surveys/SurveyAnswerPage';

export function Page({ path }: { path: string }) {
  const t = useT();
  const { can, user } = useSession();
  const item = navItemFor(path);
  if (!item) return <AccountSearchPage />;
  if (!can(rolesFor(path))) {
    return (
      <Alert color="red" icon={<IconLock />} title={t('page.forbiddenTitle')} maw={640}>
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t('page.forbidden')}</Text>
          <Button size="xs" variant="white" color="red" onClick={() => navigate(homeFor(user.role))}>
            {t('page.goHome')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  if (!item.available) return <NotAvailable title={t(item.label)} />;
  const accountId = accountIdOf(path);
  if (accountId !== null) return <AccountPage key={accountId} accountId={accountId} />;
  const pqrId = pqrIdOf(path);
  if (pqrId !== null) return <PqrDetailPage key={pqrId} pqrId={pqrId} />;
  const campaignId = campaignIdOf(path);
  if (campaignId !== null) return <CampaignPage key={campaignId} campaignId={campaignId} />;
  const liquidationId = liquidationIdOf(path);
  if (liquidationId !== null) return <LiquidationPage key={liquidationId} liquidationId={liquidationId} />;
  if (path === paths.campaignNew) return <CampaignNewPage />;
  const agreementNew = agreementNewOf(path);
  if (agreementNew !== null) return <AgreementSimulatorPage key={path} accountId={agreementNew.accountId} byPhone={agreementNew.byPhone} />;
  const agreementId = agreementIdOf(path);
  if (agreementId !== null) return <AgreementPage key={agreementId} agreementId={agreementId} />;
  const correspondenceId = correspondenceIdOf(path);
  if (correspondenceId !== null) return <CorrespondencePage key={correspondenceId} openId={correspondenceId} />;
  const surveyAnswer = surveyAnswerOf(path);
  if (surveyAnswer !== null) return <SurveyAnswerPage key={path} accountId={surveyAnswer.accountId} byPhone={surveyAnswer.byPhone} />;
  if (path === paths.surveyNew) return <SurveyNewPage />;
  const surveyId = surveyIdOf(path);
  if (surveyId !== null) return <SurveysPage key={surveyId} surveyId={surveyId} />;
  switch (item.path) {
    case paths.imports:
      return <ImportPage />;
    case paths.users:
      return <UsersPage />;
    case paths.offices:
      return <OfficesPage />;
    case paths.calendar:
      return <CalendarPage />;
    case paths.settings:
      return <SettingsPage />;
    case paths.company:
      return <CompanyPage />;
    case paths.backups:
      return <BackupsPage />;
    case paths.database:
      return <DatabasePage />;
    case paths.computer:
      return <ComputerPage />;
    case paths.cashier:
      return <CashierPage accountId={cashierAccountIdOf(path)} />;
    case paths.approvals:
      return <ApprovalsPage />;
    case paths.cashSessions:
      return <CashSessionsPage />;
    case paths.bankFiles:
      return <BankFilesPage />;
    case paths.unidentified:
      return <UnidentifiedPage />;
    case paths.recaudo:
      return <RecaudoReportPage />;
    case paths.pazYSalvoCheck:
      return <PazYSalvoCheckPage />;
    case paths.tills:
      return <TillsPage />;
    case paths.chargeItems:
      return <ChargeItemsPage />;
    case paths.pqr:
      return <PqrTrayPage />;
    case paths.pqrFile:
      return <PqrFilePage />;
    case paths.pqrTables:
      return <PqrTablesPage />;
    case paths.pettyCash:
      return <PettyCashPage />;
    case paths.correspondence:
      return <CorrespondencePage />;
    case paths.pqrReports:
      return <PqrReportsPage />;
    case paths.printing:
      return <InvoicePrintingPage />;
    case paths.notices:
      return <NoticesPage />;
    case paths.collectionsDesk:
      return <CollectionsDeskPage />;
    case paths.portfolio:
      return <PortfolioPage />;
    case paths.campaigns:
      return <CampaignsPage />;
    case paths.commitments:
      return <CommitmentsPage />;
    case paths.collectionsReport:
      return <CollectionsReportPage />;
    case paths.commissions:
      return <CommissionsPage />;
    case paths.fieldHandoffs:
      return <FieldHandoffsPage />;
    case paths.collectionsSettings:
      return <CollectionsSettingsPage />;
    case paths.letterTemplates:
      return <LetterTemplatesPage />;
    case paths.printers:
      return <PrintersPage />;
    case paths.printLog:
      return <PrintLogPage />;
    case paths.workOrders:
      return <WorkOrdersPage />;
    case paths.agreementsReport:
      return <AgreementsReportPage />;
    case paths.exchange:
      return <ExchangePage />;
    case paths.indicators:
      return <IndicatorsPage />;
    case paths.mail:
      return <MailSettingsPage />;
    case paths.surveys:
      return <SurveysPage surveyId={null} />;
    default:
      return <AccountSearchPage />;
  }
}

function NotAvailable({ title }: { title: string }) {
  const t = useT();
  return (
    <Stack align="center" mt="xl" gap="sm" ta="center">
      <ThemeIcon size={64} radius="xl" variant="light" color="gray">
        <IconHourglassEmpty size={36} />
      </ThemeIcon>
      <Title order={2}>{title}</Title>
      <Text fw={600} size="lg">
        {t('page.notAvailable')}
      </Text>
      <Text c="dimmed" maw={520}>
        {t('page.notAvailableText')}
      </Text>
    </Stack>
  );
}
