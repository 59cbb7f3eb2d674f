/** placeholder: the notices of an account (suspension notices, collection letters), shown on the account screen */
export function AccountNotices(_props: { accountId: number }) {
  return null;
}
