/** Theme (light/dark) and language, remembered on this computer. */
import { ActionIcon, Group, Menu, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { IconCheck, IconLanguage, IconMoon, IconSun } from '@tabler/icons-react';
import { LANGUAGES, useI18n } from '../i18n';

export function Preferences() {
  const { language, setLanguage, t } = useI18n();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  const themeLabel = next === 'dark' ? t('prefs.dark') : t('prefs.light');
  const current = LANGUAGES.find((l) => l.value === language)?.label ?? language;
  const languageLabel = `${t('prefs.language')}: ${current}`;
  return (
    <Group gap={6} wrap="nowrap">
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Tooltip label={languageLabel}>
            <ActionIcon variant="default" size="lg" aria-label={languageLabel}>
              <IconLanguage size={18} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown>
          {LANGUAGES.map((l) => (
            <Menu.Item key={l.value} onClick={() => setLanguage(l.value)} rightSection={l.value === language ? <IconCheck size={14} /> : null}>
              {l.label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Tooltip label={themeLabel}>
        <ActionIcon variant="default" size="lg" aria-label={themeLabel} onClick={() => setColorScheme(next)}>
          {scheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
