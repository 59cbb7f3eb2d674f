import { createTheme, type MantineThemeOverride } from '@mantine/core';
import type { Translate } from '../i18n';

const fontFamily = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';

/** System fonts only: the app never loads anything remote. Labels of Mantine's own buttons follow the language. */
export function makeTheme(t: Translate): MantineThemeOverride {
  return createTheme({
    primaryColor: 'teal',
    defaultRadius: 'md',
    focusRing: 'auto',
    fontFamily,
    headings: { fontFamily },
    components: {
      Modal: { defaultProps: { centered: true, closeButtonProps: { 'aria-label': t('common.close') } } },
      PasswordInput: { defaultProps: { visibilityToggleButtonProps: { 'aria-label': t('common.showPassword') } } },
      Notification: { defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } },
    },
  });
}
