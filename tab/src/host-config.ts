import type { Theme } from '@fluentui/react-components';
import { HostConfig } from 'adaptivecards';

/**
 * An Adaptive Cards host config made from the Fluent theme the tab shows, so
 * cards take Teams' colours in the default, dark and high-contrast themes.
 */
export function hostConfigFor(theme: Theme): HostConfig {
  const text = (normal: string, subtle: string) => ({ default: normal, subtle });
  const foregroundColors = {
    default: text(theme.colorNeutralForeground1, theme.colorNeutralForeground3),
    dark: text(theme.colorNeutralForeground1, theme.colorNeutralForeground2),
    light: text(theme.colorNeutralForeground3, theme.colorNeutralForeground4),
    accent: text(theme.colorBrandForeground1, theme.colorBrandForeground2),
    good: text(theme.colorPaletteGreenForeground1, theme.colorPaletteGreenForeground2),
    warning: text(theme.colorPaletteDarkOrangeForeground1, theme.colorPaletteDarkOrangeForeground2),
    attention: text(theme.colorPaletteRedForeground1, theme.colorPaletteRedForeground2),
  };
  const style = (backgroundColor: string) => ({ backgroundColor, foregroundColors });
  return new HostConfig({
    fontFamily: theme.fontFamilyBase,
    supportsInteractivity: true,
    spacing: { small: 4, default: 8, medium: 12, large: 16, extraLarge: 20, padding: 12 },
    separator: { lineThickness: 1, lineColor: theme.colorNeutralStroke2 },
    fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
    containerStyles: {
      default: style(theme.colorNeutralBackground1),
      emphasis: style(theme.colorNeutralBackground3),
      accent: style(theme.colorBrandBackground2),
      good: style(theme.colorPaletteGreenBackground1),
      warning: style(theme.colorPaletteYellowBackground1),
      attention: style(theme.colorPaletteRedBackground1),
    },
    actions: {
      maxActions: 10,
      buttonSpacing: 8,
      spacing: 'default',
      actionsOrientation: 'horizontal',
      actionAlignment: 'left',
      showCard: { actionMode: 'inline' },
    },
    factSet: {
      title: { color: 'default', size: 'default', isSubtle: false, weight: 'bolder', wrap: true, maxWidth: 150 },
      value: { color: 'default', size: 'default', isSubtle: false, weight: 'default', wrap: true },
      spacing: 8,
    },
  });
}
