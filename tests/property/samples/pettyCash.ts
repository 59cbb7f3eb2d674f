/** one valid input per handler of this area (see ../handler-samples.ts); filled by the area's engineer */
import type { HandlerSamples } from '../handler-samples';

export const pettyCashSamples: HandlerSamples = {};
