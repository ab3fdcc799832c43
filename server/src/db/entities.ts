/** Every entity the server persists; each module's entity file adds itself here. */
export const entities = [];
