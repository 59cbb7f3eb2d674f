import type { Knex } from 'knex';
import * as m001 from './001_foundation';
import * as m002 from './002_audit_chain';
import * as m003 from './003_cashier';
import * as m004 from './004_pqr';
import * as m005 from './005_letters';
import * as m006 from './006_pqr_answers';
import * as m007 from './007_petty_cash';
import * as m008 from './008_invoice_printing';
import * as m009 from './009_notices';
import * as m010 from './010_printing';
import * as m011 from './011_pqr_words';
import * as m012 from './012_auth_hardening';
import * as m013 from './013_cashier_hardening';
import * as m014 from './014_audit_anchors';
import * as m015 from './015_pqr_legal';
import * as m016 from './016_collections';
import * as m017 from './017_payment_agreements';
import * as m018 from './018_work_orders';
import * as m019 from './019_exchange';
import * as m020 from './020_indicators_surveys_mail';
import * as m022 from './022_counter';
import * as m023 from './023_collections_indexes';
import * as m024 from './024_payment_agreements';
import * as m025 from './025_work_orders';
import * as m026 from './026_exchange';
import * as m027 from './027_indicators';
import * as m028 from './028_work_orders_more';
import * as m029 from './029_exchange_more';
import * as m030 from './030_collections_more';
import * as m031 from './031_mail_surveys';
import * as m032 from './032_counter_scale_indexes';
import * as m033 from './033_sspd_decision';
import * as m034 from './034_surveys_more';
import * as m036 from './036_exchange_settings';
import * as m040 from './040_audit_head_trigger';
import * as m041 from './041_payment_write_indexes';
import * as m043 from './043_pqr_tray_order';
import * as m045 from './045_account_name_words';

/** Every migration, in order. Add the next one as 0NN_<what>.ts and list it here. */
export const MIGRATIONS: { name: string; up: (k: Knex) => Promise<void>; down: (k: Knex) => Promise<void> }[] = [
  { name: '001_foundation', ...m001 },
  { name: '002_audit_chain', ...m002 },
  { name: '003_cashier', ...m003 },
  { name: '004_pqr', ...m004 },
  { name: '005_letters', ...m005 },
  { name: '006_pqr_answers', ...m006 },
  { name: '007_petty_cash', ...m007 },
  { name: '008_invoice_printing', ...m008 },
  { name: '009_notices', ...m009 },
  { name: '010_printing', ...m010 },
  { name: '011_pqr_words', ...m011 },
  { name: '012_auth_hardening', ...m012 },
  { name: '013_cashier_hardening', ...m013 },
  { name: '014_audit_anchors', ...m014 },
  { name: '015_pqr_legal', ...m015 },
  { name: '016_collections', ...m016 },
  { name: '017_payment_agreements', ...m017 },
  { name: '018_work_orders', ...m018 },
  { name: '019_exchange', ...m019 },
  { name: '020_indicators_surveys_mail', ...m020 },
  // 021 was never used
  { name: '022_counter', ...m022 },
  { name: '023_collections_indexes', ...m023 },
  { name: '024_payment_agreements', ...m024 },
  { name: '025_work_orders', ...m025 },
  { name: '026_exchange', ...m026 },
  { name: '027_indicators', ...m027 },
  { name: '028_work_orders_more', ...m028 },
  { name: '029_exchange_more', ...m029 },
  { name: '030_collections_more', ...m030 },
  { name: '031_mail_surveys', ...m031 },
  { name: '032_counter_scale_indexes', ...m032 },
  { name: '033_sspd_decision', ...m033 },
  { name: '034_surveys_more', ...m034 },
  { name: '036_exchange_settings', ...m036 },
  { name: '040_audit_head_trigger', ...m040 },
  { name: '041_payment_write_indexes', ...m041 },
  { name: '043_pqr_tray_order', ...m043 },
  { name: '045_account_name_words', ...m045 },
];
