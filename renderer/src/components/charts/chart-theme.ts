/** The charts' theme lives in shared/ (the server draws the Scores view's first charts with it too). */
export { BAROMETER_THEME, BAROMETER_THEME_NAME, PALETTE, ROLE_COLORS } from '../../../../shared/chart-theme.js';
