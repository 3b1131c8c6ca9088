/** Where a grid's column state is kept in the workspace settings (`grid.<stateKey>`). */
export const gridSettingKey = (stateKey: string): string => `grid.${stateKey}`;
