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
      // a badge says a state ("ANULADO", "POR APROBAR"): it is never cut with an ellipsis, it takes its width
      Badge: { styles: { root: { overflow: 'visible', flexShrink: 0, maxWidth: 'none' }, label: { overflow: 'visible', textOverflow: 'clip' } } },
    },
  });
}
