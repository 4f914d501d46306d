/**
 * A batched async iterable handed out one item at a time: per item this costs one resolved promise rather than a
 * trip through an async generator (a replay of 100,000 events is mostly this loop). `return()` (a `break`) closes
 * the source, and an aborted signal ends the iteration without a further item.
 */
export interface ItemIterator<T> extends AsyncIterableIterator<T> {
  return(): Promise<IteratorResult<T, undefined>>;
}

export function itemsOf<T>(
  source: AsyncGenerator<T[], void, undefined>,
  signal?: AbortSignal,
): ItemIterator<T> {
  let buffer: T[] = [];
  let index = 0;
  let finished = false;
  const done = (): IteratorResult<T, undefined> => ({ value: undefined, done: true });
  const finish = async (): Promise<IteratorResult<T, undefined>> => {
    finished = true;
    buffer = [];
    await source.return(undefined);
    return done();
  };
  const iterator: ItemIterator<T> = {
    next(): Promise<IteratorResult<T, undefined>> {
      if (finished) return Promise.resolve(done());
      if (signal?.aborted) return finish();
      if (index < buffer.length) return Promise.resolve({ value: buffer[index++] as T, done: false });
      return source.next().then((step) => {
        if (step.done || signal?.aborted) {
          finished = true;
          buffer = [];
          return done();
        }
        buffer = step.value;
        index = 1;
        return { value: buffer[0] as T, done: false };
      });
    },
    return: finish,
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
