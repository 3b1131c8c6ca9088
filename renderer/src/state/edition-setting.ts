/** The workspace setting that remembers the selected edition; no React here: the entry point's first requests (early-requests.ts) read it before the app is evaluated. */
export const EDITION_SETTING = 'ui.edition';
