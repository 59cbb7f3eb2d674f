/** Which screen a path shows, after checking the role may open it. */
import { lazy } from 'react';
import { Alert, Button, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconHourglassEmpty, IconLock } from '@tabler/icons-react';
import { useT } from '../i18n';
import { homeFor, navItemFor, rolesFor } from './nav';
import { accountIdOf, agreementIdOf, agreementNewOf, campaignIdOf, cashierAccountIdOf, correspondenceIdOf, liquidationIdOf, navigate, paths, pqrIdOf, surveyAnswerOf, surveyIdOf } from './router';
import { useSession } from './session';

// every screen is its own chunk, loaded when first opened: the login loads none of them (issue 20, item 5)
const AccountSearchPage = lazy(() => import('../modules/accounts/AccountSearchPage').then((m) => ({ default: m.AccountSearchPage })));
const AccountPage = lazy(() => import('../modules/accounts/AccountPage').then((m) => ({ default: m.AccountPage })));
const ImportPage = lazy(() => import('../modules/imports/ImportPage').then((m) => ({ default: m.ImportPage })));
const UsersPage = lazy(() => import('../modules/admin/UsersPage').then((m) => ({ default: m.UsersPage })));
const OfficesPage = lazy(() => import('../modules/admin/OfficesPage').then((m) => ({ default: m.OfficesPage })));
const CalendarPage = lazy(() => import('../modules/admin/CalendarPage').then((m) => ({ default: m.CalendarPage })));
const SettingsPage = lazy(() => import('../modules/admin/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const CompanyPage = lazy(() => import('../modules/admin/CompanyPage').then((m) => ({ default: m.CompanyPage })));
const BackupsPage = lazy(() => import('../modules/admin/BackupsPage').then((m) => ({ default: m.BackupsPage })));
const DatabasePage = lazy(() => import('../modules/admin/DatabasePage').then((m) => ({ default: m.DatabasePage })));
const ComputerPage = lazy(() => import('../modules/desktop/ComputerPage').then((m) => ({ default: m.ComputerPage })));
const MailSettingsPage = lazy(() => import('../modules/mail/MailSettingsPage').then((m) => ({ default: m.MailSettingsPage })));
const CashierPage = lazy(() => import('../modules/cashier/CashierPage').then((m) => ({ default: m.CashierPage })));
const CashSessionsPage = lazy(() => import('../modules/cashier/CashSessionsPage').then((m) => ({ default: m.CashSessionsPage })));
const BankFilesPage = lazy(() => import('../modules/bankfiles/BankFilesPage').then((m) => ({ default: m.BankFilesPage })));
const UnidentifiedPage = lazy(() => import('../modules/bankfiles/UnidentifiedPage').then((m) => ({ default: m.UnidentifiedPage })));
const RecaudoReportPage = lazy(() => import('../modules/reports/RecaudoReportPage').then((m) => ({ default: m.RecaudoReportPage })));
const PazYSalvoCheckPage = lazy(() => import('../modules/pazysalvo/PazYSalvoCheckPage').then((m) => ({ default: m.PazYSalvoCheckPage })));
const TillsPage = lazy(() => import('../modules/admin/TillsPage').then((m) => ({ default: m.TillsPage })));
const ChargeItemsPage = lazy(() => import('../modules/admin/ChargeItemsPage').then((m) => ({ default: m.ChargeItemsPage })));
const PqrTrayPage = lazy(() => import('../modules/pqr/PqrTrayPage').then((m) => ({ default: m.PqrTrayPage })));
const PqrFilePage = lazy(() => import('../modules/pqr/PqrFilePage').then((m) => ({ default: m.PqrFilePage })));
const PqrDetailPage = lazy(() => import('../modules/pqr/PqrDetailPage').then((m) => ({ default: m.PqrDetailPage })));
const PqrTablesPage = lazy(() => import('../modules/pqr/PqrTablesPage').then((m) => ({ default: m.PqrTablesPage })));
const PettyCashPage = lazy(() => import('../modules/pettycash/PettyCashPage').then((m) => ({ default: m.PettyCashPage })));
const CorrespondencePage = lazy(() => import('../modules/pqr/CorrespondencePage').then((m) => ({ default: m.CorrespondencePage })));
const PqrReportsPage = lazy(() => import('../modules/pqr/PqrReportsPage').then((m) => ({ default: m.PqrReportsPage })));
const InvoicePrintingPage = lazy(() => import('../modules/printing/InvoicePrintingPage').then((m) => ({ default: m.InvoicePrintingPage })));
const NoticesPage = lazy(() => import('../modules/notices/NoticesPage').then((m) => ({ default: m.NoticesPage })));
const CollectionsDeskPage = lazy(() => import('../modules/collections/CollectionsDeskPage').then((m) => ({ default: m.CollectionsDeskPage })));
const PortfolioPage = lazy(() => import('../modules/collections/PortfolioPage').then((m) => ({ default: m.PortfolioPage })));
const CampaignsPage = lazy(() => import('../modules/collections/CampaignsPage').then((m) => ({ default: m.CampaignsPage })));
const CampaignNewPage = lazy(() => import('../modules/collections/CampaignNewPage').then((m) => ({ default: m.CampaignNewPage })));
const CampaignPage = lazy(() => import('../modules/collections/CampaignPage').then((m) => ({ default: m.CampaignPage })));
const CommitmentsPage = lazy(() => import('../modules/collections/CommitmentsPage').then((m) => ({ default: m.CommitmentsPage })));
const CollectionsReportPage = lazy(() => import('../modules/collections/CollectionsReportPage').then((m) => ({ default: m.CollectionsReportPage })));
const CommissionsPage = lazy(() => import('../modules/collections/CommissionsPage').then((m) => ({ default: m.CommissionsPage })));
const LiquidationPage = lazy(() => import('../modules/collections/LiquidationPage').then((m) => ({ default: m.LiquidationPage })));
const FieldHandoffsPage = lazy(() => import('../modules/collections/FieldHandoffsPage').then((m) => ({ default: m.FieldHandoffsPage })));
const CollectionsSettingsPage = lazy(() => import('../modules/collections/CollectionsSettingsPage').then((m) => ({ default: m.CollectionsSettingsPage })));
const LetterTemplatesPage = lazy(() => import('../modules/notices/LetterTemplatesPage').then((m) => ({ default: m.LetterTemplatesPage })));
const PrintersPage = lazy(() => import('../modules/printing/PrintersPage').then((m) => ({ default: m.PrintersPage })));
const PrintLogPage = lazy(() => import('../modules/printing/PrintLogPage').then((m) => ({ default: m.PrintLogPage })));
const ApprovalsPage = lazy(() => import('../modules/approvals/ApprovalsPage').then((m) => ({ default: m.ApprovalsPage })));
const WorkOrdersPage = lazy(() => import('../modules/workorders/WorkOrdersPage').then((m) => ({ default: m.WorkOrdersPage })));
const AgreementSimulatorPage = lazy(() => import('../modules/agreements/AgreementSimulatorPage').then((m) => ({ default: m.AgreementSimulatorPage })));
const AgreementPage = lazy(() => import('../modules/agreements/AgreementPage').then((m) => ({ default: m.AgreementPage })));
const AgreementsReportPage = lazy(() => import('../modules/agreements/AgreementsReportPage').then((m) => ({ default: m.AgreementsReportPage })));
const ExchangePage = lazy(() => import('../modules/exchange/ExchangePage').then((m) => ({ default: m.ExchangePage })));
const IndicatorsPage = lazy(() => import('../modules/indicators/IndicatorsPage').then((m) => ({ default: m.IndicatorsPage })));
const SurveysPage = lazy(() => import('../modules/surveys/SurveysPage').then((m) => ({ default: m.SurveysPage })));
const SurveyNewPage = lazy(() => import('../modules/surveys/SurveyNewPage').then((m) => ({ default: m.SurveyNewPage })));
const SurveyAnswerPage = lazy(() => import('../modules/surveys/SurveyAnswerPage').then((m) => ({ default: m.SurveyAnswerPage })));

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
  if (surveyAnswer !== null) return <SurveyAnswerPage key={path} accountId={surveyAnswer.accountId} byPhone={surveyAnswer.byPhone} pqrId={surveyAnswer.pqrId} />;
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
