export function CollectionsSettingsPage() {
  return null;
}
