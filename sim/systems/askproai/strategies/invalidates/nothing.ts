import { forgetList } from './forgetList.ts';

/** No invalidation: the call runs and forgets no key, so entries live out their TTLs. */
export const nothingForgotten = forgetList('nothing', () => []);
