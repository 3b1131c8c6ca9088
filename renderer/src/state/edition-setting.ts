/** Where the selected edition is remembered in the workspace settings. */
export const EDITION_SETTING = 'ui.edition';
