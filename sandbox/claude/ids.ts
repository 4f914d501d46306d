// Ids shaped like the service's: a type prefix, then `011C` and 20 base62 characters
// (`sesn_011CZkZAtmR3yMPDzynEDxu7`). They come from a seeded Random, so one seed replays the same ids.
import type { Random } from '../random';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export type IdPrefix = 'agent' | 'env' | 'sesn' | 'sthr' | 'sevt' | 'depl' | 'drun' | 'outc' | 'req';

export function claudeId(random: Random, prefix: IdPrefix): string {
  let tail = '';
  for (let index = 0; index < 20; index++) tail += BASE62[random.int(0, 61)];
  return `${prefix}_011C${tail}`;
}
