/** placeholder: the engineer who owns it this session writes the contract here */
export const noticesSchemas = {};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NoticesOutputs {}
