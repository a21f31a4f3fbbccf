/**
 * Feature catalogues: each feature keeps its zh-CN / English UI strings (and the
 * Chinese for its server messages) in its own file; i18n.ts merges them here.
 * A feature file exports `en`, `zh` (same keys as `en`) and `server`
 * (exact English server message → Chinese).
 */
import * as settings from "./settings";

export const featureEn = {
  ...settings.en,
};

export const featureZh: Record<keyof typeof featureEn, string> = {
  ...settings.zh,
};

export const featureServerZh: Record<string, string> = {
  ...settings.server,
};
