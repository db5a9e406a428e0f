export const DEFAULT_KIND = 'scan' as const;
